package io.tcpwhy.testing;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.diagnosis.ConnectionRecorder;
import io.tcpwhy.diagnosis.Diagnoser;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.model.ZeekSummary;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.tcp.ConnectionTracker;
import io.tcpwhy.tcp.TrackedConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a {@link SegmentScript} through a {@link ConnectionRecorder} and the
 * {@link Diagnoser}, standing in for the connection tracker: the client is the sender of
 * the first SYN without ACK, else of the first segment; the Zeek summary is a fixed
 * placeholder and byte counts are plain payload sums, since diagnosis tests check neither.
 */
public final class ScriptedConnections {

    private static final ZeekSummary FIXED_ZEEK = new ZeekSummary("OTH", "");
    /** Microsecond timestamps, as classic pcap gives them. */
    private static final int TIMESTAMP_DIGITS = 6;

    private ScriptedConnections() {
    }

    /**
     * The whole pipeline on {@code segments}: the tracker splits them into connections as it
     * would a capture file's, each is diagnosed; reports in id order.
     */
    public static List<ConnectionReport> track(List<TcpSegment> segments) {
        List<ConnectionReport> out = new ArrayList<>();
        Diagnoser diagnoser = new Diagnoser();
        ConnectionTracker<ConnectionRecorder> tracker = new ConnectionTracker<>(ConnectionRecorder::new,
                c -> out.add(diagnoser.explain(c, TIMESTAMP_DIGITS)));
        segments.forEach(tracker::onSegment);
        tracker.finish();
        out.sort(Comparator.comparingInt(ConnectionReport::id));
        return out;
    }

    public static ConnectionReport explain(SegmentScript script) {
        return explain(script.segments(), false);
    }

    /** As {@link #explain(SegmentScript)}, the tracker having flagged the 4-tuple as reused. */
    public static ConnectionReport explainReused(SegmentScript script) {
        return explain(script.segments(), true);
    }

    public static ConnectionReport explain(List<TcpSegment> segments, boolean portReuse) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a connection needs at least one segment (got none)");
        }
        TcpSegment opener = segments.stream().filter(s -> s.syn() && !s.ackFlag()).findFirst()
                .orElse(segments.get(0));
        Endpoint client = opener.src();
        Endpoint server = opener.dst();
        ConnectionRecorder recorder = new ConnectionRecorder(client, server);
        long clientBytes = 0;
        long serverBytes = 0;
        for (TcpSegment s : segments) {
            Side from = s.src().equals(client) ? Side.CLIENT : Side.SERVER;
            recorder.onSegment(s, from);
            if (from == Side.CLIENT) {
                clientBytes += s.payloadLength();
            } else {
                serverBytes += s.payloadLength();
            }
        }
        TcpSegment first = segments.get(0);
        TcpSegment last = segments.get(segments.size() - 1);
        TrackedConnection<ConnectionRecorder> tracked = new TrackedConnection<>(1, client, server,
                !opener.syn(), portReuse, first.frame(), last.frame(), first.timeNanos(), last.timeNanos(),
                clientBytes, serverBytes, FIXED_ZEEK,
                List.of(ZeekRecord.of(FIXED_ZEEK, client, server, first.timeNanos(), first.frame())),
                recorder);
        return new Diagnoser().explain(tracked, TIMESTAMP_DIGITS);
    }
}
