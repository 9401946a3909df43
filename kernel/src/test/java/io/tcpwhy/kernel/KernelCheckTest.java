package io.tcpwhy.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.net.Endpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KernelCheck's rules on a recorded sample (samples/close_with_unread_data.pcap: the client
 * 127.0.0.1:39009 closes with the greeting unread, RST) and kernel events as Linux 6.18 gives
 * them for that situation, changed one at a time to make the check disagree.
 */
class KernelCheckTest {

    private static final Endpoint CLIENT = Endpoint.parse("127.0.0.1:39009");
    private static final Endpoint SERVER = Endpoint.parse("127.0.0.1:37437");
    private static ConnectionReport report;

    @BeforeAll
    static void analyzeSample() throws Exception {
        List<ConnectionReport> reports = new ArrayList<>();
        new Analyzer().analyze(Path.of("..", "samples", "close_with_unread_data.pcap"), 1, reports::add,
                ProgressListener.NONE);
        assertEquals(1, reports.size());
        report = reports.get(0);
        assertEquals(CLIENT, report.client());
    }

    private static KernelEvent state(Endpoint local, Endpoint remote, KernelTcpState from, KernelTcpState to) {
        return new KernelEvent(KernelEventType.SET_STATE, 0, 0, 1, "java", false, local, remote, from, to, "", 0);
    }

    private static KernelEvent reset(Endpoint from, Endpoint to, String reason) {
        return new KernelEvent(KernelEventType.SEND_RESET, 0, 0, 1, "java", false, from, to, null,
                KernelTcpState.TCP_CLOSE, reason, 0);
    }

    private static KernelEvent error(Endpoint local, Endpoint remote, int errno) {
        return new KernelEvent(KernelEventType.ERROR_REPORT, 0, 0, 1, "java", true, local, remote, null, null, "", errno);
    }

    private static KernelEvent received(Endpoint local, Endpoint remote) {
        return new KernelEvent(KernelEventType.RECEIVE_RESET, 0, 0, 1, "java", true, local, remote, null, null, "", 0);
    }

    /** What this kernel says for a C-style close with unread data (python-loopback-6.18.trace). */
    private static List<KernelEvent> asTheKernelSaid(String reason, int errno) {
        return List.of(
                state(CLIENT, SERVER, KernelTcpState.TCP_SYN_SENT, KernelTcpState.TCP_ESTABLISHED),
                state(SERVER, CLIENT, KernelTcpState.TCP_LISTEN, KernelTcpState.TCP_SYN_RECV),
                state(SERVER, CLIENT, KernelTcpState.TCP_SYN_RECV, KernelTcpState.TCP_ESTABLISHED),
                state(CLIENT, SERVER, KernelTcpState.TCP_ESTABLISHED, KernelTcpState.TCP_CLOSE),
                received(SERVER, CLIENT),
                state(SERVER, CLIENT, KernelTcpState.TCP_ESTABLISHED, KernelTcpState.TCP_CLOSE),
                error(SERVER, CLIENT, errno),
                reset(CLIENT, SERVER, reason));
    }

    @Test
    void abortOnClose_agreesWithRstUnreadDataClosedByTheClient() {
        KernelCheck.ConnectionCheck c = KernelCheck.check(report, asTheKernelSaid("TCP_ABORT_ON_CLOSE", 104));
        assertEquals(List.of(), c.describeDisagreements());
        assertEquals(4, c.findings().size(), "one reset, two state timelines, one errno: " + c.findings());
    }

    @Test
    void lingerZeroReason_disagreesNamingBothWords() {
        KernelCheck.ConnectionCheck c = KernelCheck.check(report, asTheKernelSaid("TCP_STATE", 104));
        assertEquals(List.of("#1 127.0.0.1:39009 -> 127.0.0.1:37437 reset: kernel says client sent RST (TCP_STATE),"
                + " meaning RST_ABORT closed by client; analyzer says RST_UNREAD_DATA closed by client"),
                c.describeDisagreements());
    }

    @Test
    void reasonThatImpliesNoDiagnosis_agreesAndSaysSo() {
        KernelCheck.ConnectionCheck c = KernelCheck.check(report, asTheKernelSaid("TCP_ABORT_ON_MEMORY", 104));
        assertEquals(List.of(), c.disagreements());
        assertTrue(c.findings().get(0).kernel().endsWith("a reason that implies no diagnosis"), c.findings().toString());
    }

    @Test
    void keepAliveTimeout_meansPeerUnreachable_notAnyClose() {
        List<String> d = KernelCheck.check(report, asTheKernelSaid("TCP_KEEPALIVE_TIMEOUT", 104)).describeDisagreements();
        assertEquals(List.of("#1 127.0.0.1:39009 -> 127.0.0.1:37437 reset: kernel says client sent RST"
                + " (TCP_KEEPALIVE_TIMEOUT), meaning PEER_UNREACHABLE with no side closing; analyzer says"
                + " RST_UNREAD_DATA closed by client"), d);
    }

    @Test
    void timeWaitReason_namesEveryDiagnosisItAgreesWith() {
        List<String> d = KernelCheck.check(report, asTheKernelSaid("TCP_TIMEWAIT_SOCKET", 104)).describeDisagreements();
        assertEquals(List.of("#1 127.0.0.1:39009 -> 127.0.0.1:37437 reset: kernel says client sent RST"
                + " (TCP_TIMEWAIT_SOCKET), meaning RST_AFTER_CLOSE closed by client or STALE_POOLED_CONNECTION"
                + " closed by client; analyzer says RST_UNREAD_DATA closed by client"), d);
    }

    @Test
    void noSocketOnAnEstablishedPair_meansForgotten() {
        List<String> d = KernelCheck.check(report, asTheKernelSaid("NO_SOCKET", 104)).describeDisagreements();
        assertEquals(List.of("#1 127.0.0.1:39009 -> 127.0.0.1:37437 reset: kernel says client sent RST"
                + " (NO_SOCKET), meaning IDLE_FORGOTTEN closed by client; analyzer says RST_UNREAD_DATA closed by"
                + " client"), d);
        assertEquals(List.of(new KernelCheck.Meaning(io.tcpwhy.model.DiagnosisCode.REFUSED, true)),
                KernelCheck.meaningsOf("NO_SOCKET", false, false), "answering a SYN");
        assertEquals(List.of(new KernelCheck.Meaning(io.tcpwhy.model.DiagnosisCode.HANDSHAKE_INCOMPLETE, true)),
                KernelCheck.meaningsOf("NO_SOCKET", false, false, io.tcpwhy.model.Side.CLIENT),
                "the client answering a SYN-ACK after its connect gave up");
    }

    @Test
    void abortOnCloseAfterTheSendersFin_alsoMeansAStalePooledConnection() {
        assertEquals(List.of(new KernelCheck.Meaning(io.tcpwhy.model.DiagnosisCode.RST_UNREAD_DATA, true)),
                KernelCheck.meaningsOf("TCP_ABORT_ON_CLOSE", true, false), "no FIN before: unread data only");
        List<KernelEvent> events = new ArrayList<>(asTheKernelSaid("TCP_ABORT_ON_CLOSE", 104));
        events.add(0, state(CLIENT, SERVER, KernelTcpState.TCP_ESTABLISHED, KernelTcpState.TCP_FIN_WAIT1));
        KernelCheck.Finding f = KernelCheck.check(report, events).findings().get(0);
        assertEquals(KernelCheck.Aspect.RESET, f.aspect());
        assertTrue(f.agrees(), f.toString());
        assertTrue(f.kernel().endsWith("meaning RST_UNREAD_DATA closed by client or STALE_POOLED_CONNECTION closed by"
                + " client"), f.kernel());
    }

    @Test
    void resetTheWireDoesNotShow_disagrees() {
        List<KernelEvent> events = new ArrayList<>(asTheKernelSaid("TCP_ABORT_ON_CLOSE", 104));
        events.add(reset(SERVER, CLIENT, "TCP_ABORT_ON_CLOSE"));
        List<String> d = KernelCheck.check(report, events).describeDisagreements();
        assertEquals(List.of("#1 127.0.0.1:39009 -> 127.0.0.1:37437 reset: kernel says server sent RST"
                + " (TCP_ABORT_ON_CLOSE); analyzer says no RST from the server on the wire"), d);
    }

    @Test
    void errnoNotPredicted_disagrees() {
        List<String> d = KernelCheck.check(report, asTheKernelSaid("TCP_ABORT_ON_CLOSE", 111)).describeDisagreements();
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).startsWith("#1 127.0.0.1:39009 -> 127.0.0.1:37437 error: kernel says errno 111 handed to"
                + " the server's socket (ECONNREFUSED); analyzer says server outcomes [read ECONNRESET, "), d.get(0));
    }

    @Test
    void closeWithoutResetFromFinWait2_endsTheKernelsStoryAndTheReportMayGoOn() {
        // The client's socket handed over to a TIME_WAIT mini-socket: no RST on its side.
        List<KernelEvent> events = List.of(
                state(CLIENT, SERVER, KernelTcpState.TCP_SYN_SENT, KernelTcpState.TCP_ESTABLISHED),
                state(CLIENT, SERVER, KernelTcpState.TCP_ESTABLISHED, KernelTcpState.TCP_CLOSE));
        KernelCheck.Finding f = KernelCheck.check(report, events).findings().get(0);
        assertEquals(KernelCheck.Aspect.STATES, f.aspect());
        assertTrue(f.agrees(), f.toString());
        assertTrue(f.kernel().endsWith("then a mini-socket or local close the tracepoints do not follow"), f.kernel());
    }

    @Test
    void stateTheWireNeverShowed_disagrees() {
        List<KernelEvent> events = List.of(
                state(SERVER, CLIENT, KernelTcpState.TCP_SYN_RECV, KernelTcpState.TCP_ESTABLISHED),
                state(SERVER, CLIENT, KernelTcpState.TCP_ESTABLISHED, KernelTcpState.TCP_CLOSE_WAIT),
                received(SERVER, CLIENT),
                state(SERVER, CLIENT, KernelTcpState.TCP_CLOSE_WAIT, KernelTcpState.TCP_CLOSE));
        List<String> d = KernelCheck.check(report, events).describeDisagreements();
        assertEquals(List.of("#1 127.0.0.1:39009 -> 127.0.0.1:37437 states: kernel says server [SYN_RECEIVED,"
                + " ESTABLISHED, CLOSE_WAIT, CLOSED]; analyzer says server [SYN_RECEIVED, ESTABLISHED, CLOSED]"), d);
    }

    @Test
    void captureStartedMidConnection_theKernelsEarlierStatesAreNotHeldAgainstTheWire() throws Exception {
        List<ConnectionReport> reports = new ArrayList<>();
        // Recorded here: a capture started after the handshake; the client closes, then the server.
        new Analyzer().analyze(Path.of("src", "test", "resources", "io", "tcpwhy", "kernel", "mid-connection.pcap"), 1,
                reports::add, ProgressListener.NONE);
        ConnectionReport r = reports.get(0);
        List<KernelEvent> events = List.of(
                state(r.client(), r.server(), KernelTcpState.TCP_ESTABLISHED, KernelTcpState.TCP_FIN_WAIT1),
                state(r.server(), r.client(), KernelTcpState.TCP_ESTABLISHED, KernelTcpState.TCP_CLOSE_WAIT),
                state(r.client(), r.server(), KernelTcpState.TCP_FIN_WAIT1, KernelTcpState.TCP_FIN_WAIT2),
                state(r.client(), r.server(), KernelTcpState.TCP_FIN_WAIT2, KernelTcpState.TCP_CLOSE),
                state(r.server(), r.client(), KernelTcpState.TCP_CLOSE_WAIT, KernelTcpState.TCP_LAST_ACK),
                state(r.server(), r.client(), KernelTcpState.TCP_LAST_ACK, KernelTcpState.TCP_CLOSE));
        assertEquals(List.of(), KernelCheck.check(r, events).describeDisagreements());
    }

    @Test
    void finWait2InsideThePeersFinAck_isNotHeldAgainstTheTimeline() throws Exception {
        List<ConnectionReport> reports = new ArrayList<>();
        // Recorded here: the server's FIN carries the ACK of the client's FIN (frame 9, "F.").
        new Analyzer().analyze(Path.of("..", "samples", "orderly_close.pcap"), 1, reports::add, ProgressListener.NONE);
        ConnectionReport r = reports.get(0);
        List<KernelEvent> fin2InOneSegment = List.of(
                state(r.client(), r.server(), KernelTcpState.TCP_SYN_SENT, KernelTcpState.TCP_ESTABLISHED),
                state(r.client(), r.server(), KernelTcpState.TCP_ESTABLISHED, KernelTcpState.TCP_FIN_WAIT1),
                state(r.client(), r.server(), KernelTcpState.TCP_FIN_WAIT1, KernelTcpState.TCP_FIN_WAIT2),
                state(r.client(), r.server(), KernelTcpState.TCP_FIN_WAIT2, KernelTcpState.TCP_CLOSE));
        assertEquals(List.of(), KernelCheck.check(r, fin2InOneSegment).describeDisagreements());
        List<KernelEvent> closing = List.of(
                state(r.client(), r.server(), KernelTcpState.TCP_SYN_SENT, KernelTcpState.TCP_ESTABLISHED),
                state(r.client(), r.server(), KernelTcpState.TCP_ESTABLISHED, KernelTcpState.TCP_FIN_WAIT1),
                state(r.client(), r.server(), KernelTcpState.TCP_FIN_WAIT1, KernelTcpState.TCP_CLOSING));
        assertEquals(1, KernelCheck.check(r, closing).disagreements().size(), "CLOSING is not excused");
    }
}
