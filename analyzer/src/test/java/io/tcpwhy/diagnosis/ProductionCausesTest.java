package io.tcpwhy.diagnosis;

import static io.tcpwhy.testing.ConnectionAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.testing.ScriptedConnections;
import io.tcpwhy.testing.SegmentScript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The production causes: each situation scripted as it shows on the wire, run through the
 * tracker and the diagnosis as a capture file would be, and told apart from the classic
 * situation it resembles.
 */
class ProductionCausesTest {

    private static final Side CLIENT = Side.CLIENT;
    private static final Side SERVER = Side.SERVER;

    private static SegmentScript exchanged() {
        return SegmentScript.between("10.0.0.1:40000", "10.0.0.2:8080").client("S").server("SA").client("A")
                .client("PA", 120).server("PA", 300).client("A");
    }

    private static ConnectionReport only(SegmentScript script) {
        List<ConnectionReport> reports = ScriptedConnections.track(script.segments());
        assertEquals(1, reports.size(), "one connection per socket pair's life: " + reports);
        return reports.get(0);
    }

    @Test
    void serverClosedIdleKeepAliveAndThePoolReusedItThirtySecondsLater() {
        SegmentScript s = exchanged();
        s.at(60).server("FA").client("A");
        s.at(90).client("PA", 120).server("R");
        ConnectionReport r = only(s);
        assertThat(r).withDiagnosis(DiagnosisCode.STALE_POOLED_CONNECTION).closedBy(SERVER)
                .detailMentions("60.000 s").detailMentions("30.000 s").detailMentions("idle timeout below")
                .hasOutcome(CLIENT, SocketCall.WRITE, CallResult.OK, 9)
                .hasOutcome(CLIENT, SocketCall.READ, CallResult.EOF, 7)
                .citesFrames(7, 8, 9, 10);
    }

    @Test
    void clientWritingRightAfterTheServersCloseIsNoStalePoolButAWriteAfterClose() {
        SegmentScript s = exchanged();
        s.at(60).server("FA").client("A").client("PA", 120).server("R");
        assertThat(only(s)).withDiagnosis(DiagnosisCode.RST_AFTER_CLOSE);
    }

    @Test
    void resetAfterFourHundredSecondsOfSilenceIsOneConnectionForgottenWhileIdle() {
        SegmentScript s = exchanged();
        s.at(400).client("PA", 120).server("R");
        ConnectionReport r = only(s);
        assertFalse(r.rolesInferred());
        assertEquals(2, r.zeekRecords().size(), "Zeek's inactivity timeout cuts its record, not the connection");
        assertThat(r).withDiagnosis(DiagnosisCode.IDLE_FORGOTTEN).closedBy(SERVER)
                .hasNoAnnotation(AnnotationCode.PORT_REUSE).hasNoAnnotation(AnnotationCode.RST_FROM_MIDDLEBOX)
                .detailMentions("400.000 s").detailMentions("AWS NLB 350 s").detailMentions("same TTL")
                .hasOutcome(CLIENT, SocketCall.READ, CallResult.ECONNRESET, 8);
    }

    @Test
    void aResetWithAnotherTtlAndNoTimestampsIsTheMiddleboxs() {
        SegmentScript s = exchanged();
        s.at(400).client("PA", 120).ttl(61).server("R");
        ConnectionReport r = only(s);
        assertThat(r).withDiagnosis(DiagnosisCode.IDLE_FORGOTTEN).detailMentions("another device sent it")
                .hasAnnotation(AnnotationCode.RST_FROM_MIDDLEBOX);
        assertTrue(r.diagnosis().summary().contains("a device between the hosts"), r.diagnosis().summary());
        Annotation.RstFromMiddlebox m = (Annotation.RstFromMiddlebox) r.annotations().stream()
                .filter(a -> a.code() == AnnotationCode.RST_FROM_MIDDLEBOX).findFirst().orElseThrow();
        assertEquals(SERVER, m.side());
        assertEquals(8, m.frame());
        assertTrue(m.evidence().get(0).contains("61 where every earlier segment of the server arrived with 64"),
                m.evidence().toString());
    }

    @Test
    void aResetThatFollowsAnAckOfTheWakingSegmentIsNoForgottenConnection() {
        SegmentScript s = exchanged();
        s.at(400).client("PA", 120).server("A").at(400.5).server("R");
        assertThat(only(s)).withDiagnosis(DiagnosisCode.RST_UNREAD_DATA);
    }

    /**
     * A listener closed with the connection still queued (never accepted, 4 bytes unread) resets
     * it, acknowledging the client's FIN that had just come after 25 s: the socket knew the
     * connection, so it was not forgotten (recorded live with a Python listener, backlog 1).
     */
    @Test
    void aResetThatAcknowledgesTheWakingFinIsNoForgottenConnection() {
        SegmentScript s = SegmentScript.between("127.0.0.1:59268", "127.0.0.1:19004").client("S").server("SA")
                .client("A").client("PA", 4).server("A");
        s.at(25).client("FA").at(25.0003).server("RA");
        ConnectionReport r = only(s);
        assertThat(r).withDiagnosis(DiagnosisCode.RST_UNREAD_DATA).closedBy(CLIENT);
    }

    @Test
    void dataRetransmittedWithNothingBackIsAnUnreachablePeer() {
        SegmentScript s = exchanged();
        long seq = s.clientNext();
        s.at(10).client("PA", 50);
        double[] backoff = {10.2, 10.6, 11.4, 13.0};
        for (double at : backoff) {
            s.at(at).resendClient("PA", seq, 50);
        }
        ConnectionReport r = only(s);
        assertThat(r).withDiagnosis(DiagnosisCode.PEER_UNREACHABLE).closedBy(null)
                .detailMentions("4 times").detailMentions("the last acknowledgement from the server was frame 5")
                .hasOutcome(CLIENT, SocketCall.WRITE, CallResult.ETIMEDOUT, 11)
                .hasOutcome(CLIENT, SocketCall.READ, CallResult.ETIMEDOUT, 11)
                // The error is handed out once: writes after it fail with EPIPE (a silent peer, live).
                .hasOutcome(CLIENT, SocketCall.WRITE, CallResult.EPIPE, 11);
    }

    @Test
    void keepAliveProbesUnansweredAreAnUnreachablePeerWhileIdle() {
        SegmentScript s = exchanged();
        long probeSeq = s.clientNext() - 1;
        for (double at : new double[] {100, 101, 102}) {
            s.at(at).rawClient("A", probeSeq, s.serverNext(), 0);
        }
        assertThat(only(s)).withDiagnosis(DiagnosisCode.PEER_UNREACHABLE).detailMentions("keep-alive probes")
                .hasOutcome(CLIENT, SocketCall.READ, CallResult.ETIMEDOUT, 9)
                .hasNoOutcome(CLIENT, SocketCall.WRITE, CallResult.ETIMEDOUT);
    }

    @Test
    void theResetAKernelSendsWhenItsProbesRunOutIsNoCloseAndReachesNoOne() {
        SegmentScript s = exchanged();
        long probeSeq = s.clientNext() - 1;
        for (double at : new double[] {100, 101}) {
            s.at(at).rawClient("A", probeSeq, s.serverNext(), 0);
        }
        s.at(102).client("R");
        assertThat(only(s)).withDiagnosis(DiagnosisCode.PEER_UNREACHABLE).detailMentions("as it gave up")
                .hasOutcome(CLIENT, SocketCall.READ, CallResult.ETIMEDOUT, 8)
                .hasNoOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET).citesFrames(7, 8, 9);
    }

    @Test
    void answeredKeepAliveProbesAreNothingToReport() {
        SegmentScript s = exchanged();
        long probeSeq = s.clientNext() - 1;
        s.at(100).rawClient("A", probeSeq, s.serverNext(), 0).server("A");
        s.at(101).rawClient("A", probeSeq, s.serverNext(), 0).server("A");
        assertThat(only(s)).withDiagnosis(DiagnosisCode.OPEN);
    }

    @Test
    void serverClosingOnAnUnansweredRequestGaveUpWhileTheClientWaited() {
        SegmentScript s = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:8080").client("S").server("SA")
                .client("A").client("PA", 120).server("A");
        s.at(30).server("FA").client("FA").server("A");
        assertThat(only(s)).withDiagnosis(DiagnosisCode.SERVER_GAVE_UP).closedBy(SERVER)
                .detailMentions("30.000 s").detailMentions("server-side timeout")
                .hasOutcome(CLIENT, SocketCall.READ, CallResult.EOF, 6);
    }

    @Test
    void clientClosingOnItsOwnUnansweredRequestIsStillItsReadDeadline() {
        SegmentScript s = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:8080").client("S").server("SA")
                .client("A").client("PA", 120).server("A");
        s.at(30).client("FA").server("FA").client("A");
        ConnectionReport r = only(s);
        assertThat(r).withDiagnosis(DiagnosisCode.ORDERLY).closedBy(CLIENT)
                .hasAnnotation(AnnotationCode.IDLE_BEFORE_CLOSE);
    }

    @Test
    void synAckSentAgainAfterTheClientsAckIsAFullAcceptQueue() {
        SegmentScript s = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:8080", 1000, 5000).client("S")
                .server("SA").client("A").client("PA", 120);
        s.at(1).resendServer("SA", 5000, 0).at(1.2).resendClient("PA", 1001, 120);
        assertThat(only(s)).withDiagnosis(DiagnosisCode.ACCEPT_QUEUE_OVERFLOW).closedBy(SERVER)
                .detailMentions("accept queue").hasOutcome(CLIENT, SocketCall.CONNECT, CallResult.OK, 2)
                .citesFrames(1, 2, 3, 4, 5);
    }

    @Test
    void everyConnectWhoseSynIsRetriedForFourteenSecondsIsOneConnection() {
        List<TcpSegment> segments = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            SegmentScript s = SegmentScript.between("10.0.0.1:" + (40000 + i), "10.0.0.2:8080");
            long isn = s.clientNext();
            s.at(i * 0.01).rawClient("S", isn, 0, 0);
            for (double at : new double[] {1, 3, 7, 15}) {
                s.at(i * 0.01 + at).rawClient("S", isn, 0, 0);
            }
            segments.addAll(s.segments());
        }
        segments.sort(java.util.Comparator.comparingLong(TcpSegment::timeNanos));
        List<ConnectionReport> reports = ScriptedConnections.track(segments);
        assertEquals(50, reports.size(), "one connection per connect()");
        for (ConnectionReport r : reports) {
            assertThat(r).withDiagnosis(DiagnosisCode.SYN_UNANSWERED).detailMentions("4 retransmissions")
                    .hasNoAnnotation(AnnotationCode.PORT_REUSE);
            assertTrue(r.diagnosis().summary().contains("sent 5 times"), r.diagnosis().summary());
        }
    }
}
