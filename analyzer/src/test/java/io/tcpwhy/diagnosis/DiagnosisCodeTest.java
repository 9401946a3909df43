package io.tcpwhy.diagnosis;

import static io.tcpwhy.testing.ConnectionAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.testing.ScriptedConnections;
import io.tcpwhy.testing.SegmentScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diagnosis codes the scenario tests do not reach, and the edges between them. */
class DiagnosisCodeTest {

    private static final Side CLIENT = Side.CLIENT;
    private static final Side SERVER = Side.SERVER;

    private static SegmentScript handshake() {
        return SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80").client("S").server("SA").client("A");
    }

    @Test
    void synAckNeverAcknowledgedIsHandshakeIncomplete() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("S").server("SA").at(1).resendServer("SA", 5000, 0));
        assertThat(r).withDiagnosis(DiagnosisCode.HANDSHAKE_INCOMPLETE).closedBy(null)
                .inState(SERVER, TcpState.SYN_RECEIVED).inState(CLIENT, TcpState.ESTABLISHED)
                .hasOutcome(CLIENT, SocketCall.CONNECT, CallResult.OK, 2)
                .citesFrames(1, 2);
    }

    @Test
    void synAckAnsweredWithResetMeansTheConnectHadGivenUp() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("S").at(2).server("SA").rawClient("R", 1001, 0, 0));
        assertThat(r).withDiagnosis(DiagnosisCode.HANDSHAKE_INCOMPLETE).closedBy(CLIENT)
                .hasOutcome(CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT)
                .hasNoOutcome(CLIENT, SocketCall.CONNECT, CallResult.OK)
                // The server's kernel drops the half-open request: accept() never returns it, so no
                // read or write of the server sees the reset.
                .hasNoOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET)
                .hasNoOutcome(SERVER, SocketCall.WRITE, CallResult.ECONNRESET)
                .hasNoOutcome(SERVER, SocketCall.WRITE, CallResult.EPIPE)
                // Its socket was gone: a bare RST instead of the handshake's ACK. Never ESTABLISHED,
                // as the kernel's own states say in the lab's connect_gave_up_before_synack.
                .passedThrough(CLIENT, TcpState.SYN_SENT, TcpState.CLOSED)
                .passedThrough(SERVER, TcpState.SYN_RECEIVED, TcpState.CLOSED)
                .citesFrames(3);
    }

    @Test
    void connectionWithoutFinOrResetIsOpen() {
        var r = ScriptedConnections.explain(handshake().client("PA", 10).server("PA", 20).client("A"));
        assertThat(r).withDiagnosis(DiagnosisCode.OPEN).closedBy(null)
                .inState(CLIENT, TcpState.ESTABLISHED).inState(SERVER, TcpState.ESTABLISHED);
    }

    @Test
    void loneSegmentsFromOneSideAreUnknown() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("PA", 10).client("PA", 10));
        assertThat(r).withDiagnosis(DiagnosisCode.UNKNOWN).closedBy(null)
                .inState(CLIENT, TcpState.UNKNOWN).inState(SERVER, TcpState.UNKNOWN);
        assertEquals(List.of(), r.outcomes(), "nothing arrived that a socket call could report");
    }

    @Test
    void finNeverAcknowledgedIsUnknownNotCloseWait() {
        var r = ScriptedConnections.explain(handshake().client("FA").at(1).resendClient("FA", 1001, 0));
        assertThat(r).withDiagnosis(DiagnosisCode.UNKNOWN).closedBy(CLIENT)
                .inState(CLIENT, TcpState.FIN_WAIT_1)
                .citesFrames(4, 5);
    }

    @Test
    void resetAfterThePeerClosedWithItsReplyUnreadIsUnreadDataClosedByThePeer() {
        var r = ScriptedConnections.explain(handshake()
                .client("PA", 10).server("A") // 4-5
                .server("PA", 30).server("FA") // 6-7: reply, then the server closes
                .client("A") // 8
                .client("RA")); // 9: the client closes without reading
        assertThat(r).withDiagnosis(DiagnosisCode.RST_UNREAD_DATA).closedBy(SERVER)
                .hasNoOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET)
                .citesFrames(6, 7, 9);
    }

    @Test
    void resetAfterOwnFinWithoutDataArrivingIsStillResetAfterClose() {
        var r = ScriptedConnections.explain(handshake().client("FA").server("A").at(60).client("R"));
        assertThat(r).withDiagnosis(DiagnosisCode.RST_AFTER_CLOSE).closedBy(CLIENT)
                .detailMentions("no data from the server")
                .hasNoOutcome(SERVER, SocketCall.WRITE, CallResult.OK)
                .hasOutcome(SERVER, SocketCall.WRITE, CallResult.EPIPE, 6);
    }

    @Test
    void resetWithNothingEverExchangedIsAbort() {
        var r = ScriptedConnections.explain(handshake().server("RA"));
        assertThat(r).withDiagnosis(DiagnosisCode.RST_ABORT).closedBy(SERVER)
                .hasOutcome(CLIENT, SocketCall.READ, CallResult.ECONNRESET, 4)
                .detailMentions("received no data");
    }

    @Test
    void resetOutsideTheWindowIsIgnoredAndTheConnectionStaysOpen() {
        var r = ScriptedConnections.explain(handshake().client("PA", 10).server("A")
                .rawServer("R", 5001 + 1_000_000, 0, 0));
        assertThat(r).withDiagnosis(DiagnosisCode.OPEN).inState(CLIENT, TcpState.ESTABLISHED)
                .hasNoOutcome(CLIENT, SocketCall.READ, CallResult.ECONNRESET);
    }

    @Test
    void resetAnsweringSynWithoutAcknowledgingItIsNotRefused() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("S").rawServer("R", 0, 0, 0));
        assertThat(r).withDiagnosis(DiagnosisCode.SYN_UNANSWERED).inState(CLIENT, TcpState.SYN_SENT)
                .hasOutcome(CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT);
    }
}
