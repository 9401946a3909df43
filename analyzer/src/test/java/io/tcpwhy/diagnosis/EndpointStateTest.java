package io.tcpwhy.diagnosis;

import static io.tcpwhy.testing.ConnectionAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.testing.ScriptedConnections;
import io.tcpwhy.testing.SegmentScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each endpoint's RFC 9293 state as inferred from what it sent and received. */
class EndpointStateTest {

    private static final Side CLIENT = Side.CLIENT;
    private static final Side SERVER = Side.SERVER;

    private static SegmentScript handshake() {
        return SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80").client("S").server("SA").client("A");
    }

    @Test
    void timelineNamesTheFrameThatMovedEachEndpoint() {
        var r = ScriptedConnections.explain(handshake().client("FA").server("A").server("FA").client("A"));
        assertEquals(List.of(
                new StateChange(CLIENT, TcpState.SYN_SENT, 1, r.startNanos()),
                new StateChange(SERVER, TcpState.SYN_RECEIVED, 2, r.startNanos()),
                new StateChange(CLIENT, TcpState.ESTABLISHED, 2, r.startNanos()),
                new StateChange(SERVER, TcpState.ESTABLISHED, 3, r.startNanos()),
                new StateChange(CLIENT, TcpState.FIN_WAIT_1, 4, r.startNanos()),
                new StateChange(SERVER, TcpState.CLOSE_WAIT, 4, r.startNanos()),
                new StateChange(CLIENT, TcpState.FIN_WAIT_2, 5, r.startNanos()),
                new StateChange(SERVER, TcpState.LAST_ACK, 6, r.startNanos()),
                new StateChange(CLIENT, TcpState.TIME_WAIT, 6, r.startNanos()),
                new StateChange(SERVER, TcpState.CLOSED, 7, r.startNanos())), r.timeline());
    }

    @Test
    void finThatAlsoAcknowledgesThePeersFinGoesStraightToTimeWait() {
        var r = ScriptedConnections.explain(handshake().client("FA").server("FA").client("A"));
        assertThat(r).passedThrough(CLIENT, TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                TcpState.TIME_WAIT).inState(SERVER, TcpState.CLOSED).withDiagnosis(DiagnosisCode.ORDERLY);
    }

    @Test
    void simultaneousCloseGoesThroughClosingOnBothSides() {
        SegmentScript s = handshake();
        long clientFin = s.clientNext();
        long serverFin = s.serverNext();
        s.rawClient("FA", clientFin, serverFin, 0).rawServer("FA", serverFin, clientFin, 0)
                .rawClient("A", clientFin + 1, serverFin + 1, 0).rawServer("A", serverFin + 1, clientFin + 1, 0);
        var r = ScriptedConnections.explain(s.segments(), false);
        assertThat(r).passedThrough(CLIENT, TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                        TcpState.CLOSING, TcpState.TIME_WAIT)
                .passedThrough(SERVER, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                        TcpState.CLOSING, TcpState.TIME_WAIT)
                .withDiagnosis(DiagnosisCode.ORDERLY).closedBy(CLIENT);
    }

    @Test
    void simultaneousOpenPassesThroughSynReceivedOnBothSides() {
        SegmentScript s = SegmentScript.between("10.0.0.1:5000", "10.0.0.2:6000");
        s.rawClient("S", 1000, 0, 0).rawServer("S", 5000, 0, 0)
                .rawClient("SA", 1000, 5001, 0).rawServer("SA", 5000, 1001, 0);
        var r = ScriptedConnections.explain(s.segments(), false);
        assertThat(r).passedThrough(CLIENT, TcpState.SYN_SENT, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED)
                // In capture order the server's SYN left before the client's SYN-ACK arrived, which acknowledges it.
                .passedThrough(SERVER, TcpState.SYN_SENT, TcpState.ESTABLISHED)
                .hasNoAnnotation(AnnotationCode.RETRANSMITTED);
    }

    @Test
    void retransmittedFinDoesNotMoveTheSenderTwice() {
        var r = ScriptedConnections.explain(handshake().client("FA").at(0.2).resendClient("FA", 1001, 0)
                .server("A"));
        assertThat(r).passedThrough(CLIENT, TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                TcpState.FIN_WAIT_2).passedThrough(SERVER, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED,
                TcpState.CLOSE_WAIT);
    }

    @Test
    void retransmittedSynDoesNotMoveTheSenderTwice() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("S").at(1).resendClient("S", 1000, 0).server("SA").client("A"));
        assertThat(r).passedThrough(CLIENT, TcpState.SYN_SENT, TcpState.ESTABLISHED);
    }

    @Test
    void captureStartingMidConnectionIsUnknownUntilBothSidesExchange() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("PA", 10).server("A").client("FA"));
        assertEquals(new StateChange(CLIENT, TcpState.ESTABLISHED, 2, r.startNanos()), r.timeline().get(0));
        assertThat(r).inState(CLIENT, TcpState.FIN_WAIT_1).inState(SERVER, TcpState.CLOSE_WAIT);
    }

    @Test
    void resetMovesBothSenderAndReceiverToClosed() {
        var r = ScriptedConnections.explain(handshake().client("RA"));
        assertThat(r).passedThrough(CLIENT, TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.CLOSED)
                .passedThrough(SERVER, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSED);
    }

    @Test
    void synAckWithoutCapturedSynStillEstablishesTheClient() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .server("SA").client("A"));
        assertThat(r).inState(CLIENT, TcpState.ESTABLISHED).inState(SERVER, TcpState.ESTABLISHED);
    }

    @Test
    void rolesFlippedByTheTrackerSwapStatesAndTimeline() {
        // The tracker first took the SYN-ACK's sender for the client, then corrected itself.
        List<TcpSegment> segs = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .server("SA").client("A").client("FA").segments();
        var recorder = new ConnectionRecorder(segs.get(0).src(), segs.get(0).dst());
        recorder.onSegment(segs.get(0), CLIENT);
        recorder.rolesFlipped();
        recorder.onSegment(segs.get(1), CLIENT);
        recorder.onSegment(segs.get(2), CLIENT);
        assertEquals(TcpState.SYN_RECEIVED, recorder.timeline().get(0).state());
        assertEquals(SERVER, recorder.timeline().get(0).side());
        assertEquals(TcpState.FIN_WAIT_1, recorder.state(CLIENT));
        assertEquals(TcpState.CLOSE_WAIT, recorder.state(SERVER));
        assertEquals(SERVER, recorder.segments().get(0).from());
        assertEquals(segs.get(0).src(), recorder.endpoint(SERVER));
    }
}
