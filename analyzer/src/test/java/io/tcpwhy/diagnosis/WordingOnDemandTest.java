package io.tcpwhy.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.model.ZeekSummary;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.tcp.TrackedConnection;
import io.tcpwhy.testing.SegmentScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Diagnoser decides codes at hand-out and leaves the prose to the first reader. To
 * see when the prose is built, these tests change the finished connection's record after
 * hand-out (which the tracker never does): prose built at hand-out would not show the
 * change, prose built on first access does, and prose read once does not change again.
 */
class WordingOnDemandTest {

    private static final long MOVED = 987_654;

    @Test
    void diagnosisProseIsBuiltOnFirstAccessNotAtHandOut() {
        Explained e = explainOrderlyClose();
        assertEquals(DiagnosisCode.ORDERLY, e.report.diagnosis().code(), "the code is decided at once");
        assertEquals(Side.CLIENT, e.report.diagnosis().closedBy());
        long fin = e.recorder.track(Side.CLIENT).finFrame;
        e.recorder.track(Side.CLIENT).finFrame = MOVED;
        String summary = e.report.diagnosis().summary();
        assertTrue(summary.contains("(FIN, frame " + MOVED + ")"), "built when first read: " + summary);
        e.recorder.track(Side.CLIENT).finFrame = fin;
        assertEquals(summary, e.report.diagnosis().summary(), "built once");
        assertTrue(e.report.diagnosis().detail().contains("frame " + MOVED + ": the client's FIN"),
                "detail from the same wording: " + e.report.diagnosis().detail());
    }

    @Test
    void outcomeWhyIsBuiltOnFirstAccessNotAtHandOut() {
        Explained e = explainOrderlyClose();
        Outcome eof = e.report.outcomes().stream()
                .filter(o -> o.side() == Side.SERVER && o.result() == CallResult.EOF).findFirst().orElseThrow();
        long fin = e.recorder.track(Side.CLIENT).finFrame;
        assertEquals(fin, eof.frame(), "the frame is decided at once");
        e.recorder.track(Side.CLIENT).finFrame = MOVED;
        String why = eof.why();
        assertTrue(why.startsWith("frame " + MOVED + ": the client's FIN."), "built when first read: " + why);
        e.recorder.track(Side.CLIENT).finFrame = fin;
        assertEquals(why, eof.why(), "built once");
    }

    @Test
    void proseReadAtOnceIsTheProseOfTheConnection() {
        Explained e = explainOrderlyClose();
        long fin = e.recorder.track(Side.CLIENT).finFrame;
        String summary = e.report.diagnosis().summary();
        e.recorder.track(Side.CLIENT).finFrame = MOVED;
        assertTrue(summary.contains("(FIN, frame " + fin + ")"), summary);
        assertEquals(summary, e.report.diagnosis().summary());
        assertTrue(e.report.diagnosis().frames().contains(fin), "evidence: " + e.report.diagnosis().frames());
    }

    private record Explained(ConnectionRecorder recorder, ConnectionReport report) {
    }

    private static Explained explainOrderlyClose() {
        List<TcpSegment> segments = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80").client("S").server("SA")
                .client("A").client("FA").server("A").server("FA").client("A").segments();
        Endpoint client = segments.get(0).src();
        Endpoint server = segments.get(0).dst();
        ConnectionRecorder recorder = new ConnectionRecorder(client, server);
        for (TcpSegment s : segments) {
            recorder.onSegment(s, s.src().equals(client) ? Side.CLIENT : Side.SERVER);
        }
        TcpSegment first = segments.get(0);
        TcpSegment last = segments.get(segments.size() - 1);
        ZeekSummary zeek = new ZeekSummary("SF", "ShAFaf");
        TrackedConnection<ConnectionRecorder> tracked = new TrackedConnection<>(1, client, server, false, false,
                first.frame(), last.frame(), first.timeNanos(), last.timeNanos(), 0, 0, zeek,
                List.of(ZeekRecord.of(zeek, client, server, first.timeNanos(), first.frame())), recorder);
        return new Explained(recorder, new Diagnoser().explain(tracked, 6));
    }
}
