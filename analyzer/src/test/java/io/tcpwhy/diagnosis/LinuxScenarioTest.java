package io.tcpwhy.diagnosis;

import static io.tcpwhy.testing.ConnectionAssert.assertThat;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.testing.ScriptedConnections;
import io.tcpwhy.testing.SegmentScript;
import org.junit.jupiter.api.Test;

/**
 * The scenario lab's situations, written segment by segment as Linux puts them on
 * loopback: a closed socket answers data with a bare RST carrying the acknowledgment it
 * was sent as its sequence number; close() with unread data sends RST|ACK with the next
 * sequence number; a port with no listener answers a SYN with RST|ACK, seq 0.
 */
class LinuxScenarioTest {

    private static final Side CLIENT = Side.CLIENT;
    private static final Side SERVER = Side.SERVER;

    private static SegmentScript handshake() {
        return SegmentScript.between("127.0.0.1:40000", "127.0.0.1:8081").client("S").server("SA").client("A");
    }

    @Test
    void peerClosesAndReaderClosesAfterEofIsOrderly() {
        var r = ScriptedConnections.explain(handshake()
                .client("PA", 5).server("A").server("PA", 5).client("A") // 4-7
                .client("FA").server("A").server("FA").client("A")); // 8-11
        assertThat(r).withDiagnosis(DiagnosisCode.ORDERLY).closedBy(CLIENT)
                .inState(CLIENT, TcpState.TIME_WAIT).inState(SERVER, TcpState.CLOSED)
                .passedThrough(CLIENT, TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                        TcpState.FIN_WAIT_2, TcpState.TIME_WAIT)
                .passedThrough(SERVER, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT,
                        TcpState.LAST_ACK, TcpState.CLOSED)
                .hasOutcome(CLIENT, SocketCall.CONNECT, CallResult.OK, 2)
                .hasOutcome(SERVER, SocketCall.READ, CallResult.EOF, 8)
                .hasNoOutcome(CLIENT, SocketCall.READ, CallResult.EOF)
                .citesFrames(8, 9, 10, 11)
                .hasNoAnnotation(AnnotationCode.IDLE_BEFORE_CLOSE);
    }

    @Test
    void readerThatGetsEofAndNeverClosesLeavesCloseWaitAndFinWait2() {
        var r = ScriptedConnections.explain(handshake().client("FA").server("A"));
        assertThat(r).withDiagnosis(DiagnosisCode.CLOSE_WAIT).closedBy(CLIENT)
                .inState(CLIENT, TcpState.FIN_WAIT_2).inState(SERVER, TcpState.CLOSE_WAIT)
                .hasOutcome(SERVER, SocketCall.READ, CallResult.EOF, 4)
                .citesFrames(4, 5);
    }

    @Test
    void writeIntoClosedPeerSucceedsDrawsResetAndTheNextWriteGetsEpipe() {
        var r = ScriptedConnections.explain(handshake()
                .client("FA").server("A") // 4-5: client closes, server in CLOSE_WAIT
                .at(5).server("PA", 1024) // 6: first write
                .client("R")); // 7: the closed socket answers with RST
        assertThat(r).withDiagnosis(DiagnosisCode.RST_AFTER_CLOSE).closedBy(CLIENT)
                .hasOutcome(SERVER, SocketCall.WRITE, CallResult.OK, 6)
                .hasOutcome(SERVER, SocketCall.WRITE, CallResult.EPIPE, 7)
                .hasNoOutcome(SERVER, SocketCall.WRITE, CallResult.ECONNRESET)
                .outcomeExplains(SERVER, SocketCall.WRITE, CallResult.OK, "frame 7")
                .inState(CLIENT, TcpState.CLOSED).inState(SERVER, TcpState.CLOSED)
                .citesFrames(4, 6, 7)
                .hasNoAnnotation(AnnotationCode.RST_OUT_OF_WINDOW);
    }

    @Test
    void readAfterResetThatFollowedPeersFinReturnsEofOnLinux() {
        var r = ScriptedConnections.explain(handshake().client("FA").server("A").at(5).server("PA", 1024)
                .client("R"));
        assertThat(r).hasOutcome(SERVER, SocketCall.READ, CallResult.EOF, 4)
                .outcomeExplains(SERVER, SocketCall.READ, CallResult.EOF, "RST in frame 7")
                .hasNoOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET);
    }

    @Test
    void javaCloseWithUnreadDataSendsFinThenResetAndIsUnreadData() {
        // Java's Socket.close() shuts the output down first, so the FIN leaves before the
        // kernel's RST for the unread reply (recorded by the lab: java_close_with_unread_data).
        var r = ScriptedConnections.explain(handshake()
                .client("PA", 14).server("A") // 4-5: request
                .server("PA", 39).client("A") // 6-7: reply, never read
                .at(1).client("FA") // 8: close(): FIN first
                .client("RA")); // 9: then RST, with nothing from the server in between
        assertThat(r).withDiagnosis(DiagnosisCode.RST_UNREAD_DATA).closedBy(CLIENT)
                .detailMentions("shuts the output down")
                .citesFrames(6, 8, 9)
                .hasOutcome(SERVER, SocketCall.READ, CallResult.EOF, 8)
                .hasNoOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET);
    }

    @Test
    void readAfterResetWithoutFinFirstIsConnectionReset() {
        var r = ScriptedConnections.explain(handshake()
                .server("PA", 10).client("A") // 4-5: the client never reads it
                .at(1).client("RA") // 6: close() with unread data
                .server("PA", 20)); // 7: too late
        assertThat(r).withDiagnosis(DiagnosisCode.RST_UNREAD_DATA).closedBy(CLIENT)
                .hasOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET, 6)
                .hasOutcome(SERVER, SocketCall.WRITE, CallResult.ECONNRESET, 6)
                .hasOutcome(SERVER, SocketCall.WRITE, CallResult.EPIPE, 6)
                .hasNoOutcome(SERVER, SocketCall.READ, CallResult.EOF);
    }

    @Test
    void clientClosingWithoutReadingTheReplySendsResetAndServerReadIsReset() {
        var r = ScriptedConnections.explain(handshake()
                .client("PA", 14).server("A") // 4-5: request
                .server("PA", 39).client("A") // 6-7: reply, acknowledged by the kernel only
                .at(1).client("RA")); // 8: close() with 39 bytes unread
        assertThat(r).withDiagnosis(DiagnosisCode.RST_UNREAD_DATA).closedBy(CLIENT)
                .hasOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET, 8)
                .hasNoOutcome(CLIENT, SocketCall.READ, CallResult.ECONNRESET)
                .hasAnnotation(new Annotation.IdleBeforeClose(CLIENT, 1.0, false))
                .citesFrames(6, 8).detailMentions("39 bytes");
    }

    @Test
    void echoIntoSocketClosedRightAfterWritingDrawsResetAndServerReadsEofFirst() {
        var r = ScriptedConnections.explain(handshake()
                .client("PA", 14).client("FA") // 4-5: write and close at once
                .server("A") // 6
                .server("PA", 39) // 7: the echo
                .client("R")); // 8
        assertThat(r).withDiagnosis(DiagnosisCode.RST_AFTER_CLOSE).closedBy(CLIENT)
                .hasOutcome(SERVER, SocketCall.READ, CallResult.EOF, 5)
                .hasNoOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET)
                .hasOutcome(SERVER, SocketCall.WRITE, CallResult.OK, 7)
                .hasOutcome(SERVER, SocketCall.WRITE, CallResult.EPIPE, 8)
                .citesFrames(5, 7, 8);
    }

    @Test
    void synAnsweredWithResetIsRefused() {
        var r = ScriptedConnections.explain(SegmentScript.between("127.0.0.1:40000", "127.0.0.1:8081")
                .client("S").rawServer("RA", 0, 1001, 0));
        assertThat(r).withDiagnosis(DiagnosisCode.REFUSED).closedBy(SERVER)
                .hasOutcome(CLIENT, SocketCall.CONNECT, CallResult.ECONNREFUSED, 2)
                .inState(CLIENT, TcpState.CLOSED).inState(SERVER, TcpState.CLOSED)
                .citesFrames(1, 2);
    }

    /**
     * A SYN-ACK that acknowledges something other than the SYN (here the ISN itself, not ISN
     * + 1) does not end connect(): Linux answers it with RST (seq = its ACK) and retransmits
     * the SYN; connect() returns with the SYN-ACK that does acknowledge it.
     */
    @Test
    void synAckThatDoesNotAcknowledgeTheSynIsRejectedAndConnectWaitsForTheRightOne() {
        var r = ScriptedConnections.explain(SegmentScript.between("127.0.0.1:40000", "127.0.0.1:8081")
                .client("S").rawServer("SA", 5000, 1000, 0).rawClient("R", 1000, 0, 0) // 1-3
                .at(1).resendClient("S", 1000, 0).rawServer("SA", 5000, 1001, 0).rawClient("A", 1001, 5001, 0)); // 4-6
        assertThat(r).hasOutcome(CLIENT, SocketCall.CONNECT, CallResult.OK, 5)
                .hasNoOutcome(CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT);
        var lone = ScriptedConnections.explain(SegmentScript.between("127.0.0.1:40000", "127.0.0.1:8081")
                .client("S").rawServer("SA", 5000, 1000, 0).rawClient("R", 1000, 0, 0));
        assertThat(lone).withDiagnosis(DiagnosisCode.HANDSHAKE_INCOMPLETE).closedBy(null)
                .inState(CLIENT, TcpState.SYN_SENT).hasNoAnnotation(AnnotationCode.IDLE_BEFORE_CLOSE)
                .detailMentions("did not acknowledge its SYN")
                .hasNoOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET)
                .hasNoOutcome(CLIENT, SocketCall.CONNECT, CallResult.OK)
                .hasNoOutcome(CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT);
    }

    @Test
    void synDroppedByFullAcceptQueueTimesOut() {
        var r = ScriptedConnections.explain(SegmentScript.between("127.0.0.1:40000", "127.0.0.1:8081")
                .client("S").at(1).resendClient("S", 1000, 0).at(3).resendClient("S", 1000, 0));
        assertThat(r).withDiagnosis(DiagnosisCode.SYN_UNANSWERED).closedBy(null)
                .hasOutcome(CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT, 3)
                .hasAnnotation(new Annotation.Retransmitted(CLIENT, "SYN"))
                .inState(CLIENT, TcpState.SYN_SENT).inState(SERVER, TcpState.UNKNOWN)
                .passedThrough(CLIENT, TcpState.SYN_SENT)
                .citesFrames(1, 3);
    }

    @Test
    void listenerThatNeverAcceptsLeavesCloseWaitWithDataAcknowledgedByTheKernel() {
        var r = ScriptedConnections.explain(handshake()
                .at(10).client("PA", 4).server("A") // 4-5
                .client("FA").server("A")); // 6-7
        assertThat(r).withDiagnosis(DiagnosisCode.CLOSE_WAIT).closedBy(CLIENT)
                .inState(SERVER, TcpState.CLOSE_WAIT).inState(CLIENT, TcpState.FIN_WAIT_2)
                .hasOutcome(SERVER, SocketCall.READ, CallResult.EOF, 6)
                .outcomeExplains(SERVER, SocketCall.READ, CallResult.EOF, "never accept()ed")
                .detailMentions("accept()");
    }

    @Test
    void serverReadDeadlineClosesAnIdleClientAndTheClientReadsEof() {
        var r = ScriptedConnections.explain(handshake()
                .at(2).server("FA").client("A") // 4-5: the server's deadline expired
                .client("FA").server("A")); // 6-7
        assertThat(r).withDiagnosis(DiagnosisCode.ORDERLY).closedBy(SERVER)
                .hasAnnotation(new Annotation.IdleBeforeClose(SERVER, 2.0, false))
                .hasOutcome(CLIENT, SocketCall.READ, CallResult.EOF, 4)
                .detailMentions("2.000 s");
    }

    @Test
    void clientReadDeadlineWaitingForAReplyIsIdleAwaitingReply() {
        var r = ScriptedConnections.explain(handshake()
                .client("PA", 5).server("A") // 4-5: request acknowledged, never answered
                .at(3).client("FA").server("A").server("FA").client("A")); // 6-9
        assertThat(r).withDiagnosis(DiagnosisCode.ORDERLY).closedBy(CLIENT)
                .hasAnnotation(new Annotation.IdleBeforeClose(CLIENT, 3.0, true))
                .hasOutcome(SERVER, SocketCall.READ, CallResult.EOF, 6)
                .detailMentions("read timeout or deadline");
    }

    @Test
    void abortiveCloseWithLingerZeroIsResetAbort() {
        var r = ScriptedConnections.explain(handshake()
                .client("PA", 5).server("A") // 4-5: nothing came back to leave unread
                .client("RA")); // 6: SO_LINGER 0
        assertThat(r).withDiagnosis(DiagnosisCode.RST_ABORT).closedBy(CLIENT)
                .hasOutcome(SERVER, SocketCall.READ, CallResult.ECONNRESET, 6)
                .inState(SERVER, TcpState.CLOSED)
                .citesFrames(6);
    }

    @Test
    void shutdownOutputThenServerAnswersAfterEofIsHalfClose() {
        var r = ScriptedConnections.explain(handshake()
                .client("PA", 5).client("FA").server("A") // 4-6: request, shutdownOutput
                .server("PA", 7).client("A") // 7-8: the answer after EOF
                .server("FA").client("A")); // 9-10
        assertThat(r).withDiagnosis(DiagnosisCode.HALF_CLOSE).closedBy(CLIENT)
                .hasOutcome(SERVER, SocketCall.READ, CallResult.EOF, 5)
                .hasOutcome(SERVER, SocketCall.WRITE, CallResult.OK, 7)
                .hasOutcome(CLIENT, SocketCall.READ, CallResult.EOF, 9)
                .inState(CLIENT, TcpState.TIME_WAIT).inState(SERVER, TcpState.CLOSED)
                .citesFrames(5, 7, 9);
    }
}
