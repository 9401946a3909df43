package io.tcpwhy.testing;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.tcp.ConnectionObserver;
import io.tcpwhy.tcp.ConnectionTracker;
import io.tcpwhy.tcp.TrackedConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The conn.log rows tcpwhy's tracker gives for a stream of segments, as Zeek orders them (by
 * start): one connection per socket pair's life, each of Zeek's records a row in its own roles.
 */
public final class ZeekRows {

    /** One conn.log row: originator and responder as {@code IP:PORT}, {@code conn_state}, {@code history}. */
    public record Row(String orig, String resp, String connState, String history) {
        public String key() {
            return orig + " " + resp;
        }
    }

    private ZeekRows() {
    }

    public static List<Row> of(Iterable<TcpSegment> segments) {
        List<TrackedConnection<NoObserver>> done = new ArrayList<>();
        ConnectionTracker<NoObserver> tracker = new ConnectionTracker<>((c, s) -> new NoObserver(), done::add);
        segments.forEach(tracker::onSegment);
        tracker.finish();
        List<ZeekRecord> records = new ArrayList<>();
        for (TrackedConnection<NoObserver> c : done) {
            records.addAll(c.zeekRecords());
        }
        records.sort(Comparator.comparingLong(ZeekRecord::startNanos).thenComparingLong(ZeekRecord::firstFrame));
        List<Row> rows = new ArrayList<>();
        for (ZeekRecord r : records) {
            rows.add(new Row(r.orig().toString(), r.resp().toString(), r.connState(), r.history()));
        }
        return rows;
    }

    private static final class NoObserver implements ConnectionObserver {
        @Override
        public void onSegment(TcpSegment segment, Side from) {
        }

        @Override
        public void rolesFlipped() {
        }
    }
}
