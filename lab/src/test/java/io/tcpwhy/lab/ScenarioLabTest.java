package io.tcpwhy.lab;

import static io.tcpwhy.capture.LiveCaptureRule.live;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.capture.RecordedFrames;
import io.tcpwhy.capture.RecordedFrames.Segment;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario live and checks what Java observed, side by side (the two sides run on
 * their own threads, so only each side's own order is fixed), and the decisive segments on
 * the wire. Needs libpcap and root; see {@link io.tcpwhy.capture.LiveCaptureRule}.
 */
class ScenarioLabTest {

    @TempDir
    Path dir;

    private ScenarioRecord run(String name) throws Exception {
        ScenarioRecord record = live(() -> ScenarioLab.run(name, dir));
        assertEquals(record, ScenarioRecord.read(dir.resolve(name + ".json")), "NAME.json reads back as written");
        assertFalse(record.capture().hasDrops(), record.capture().describe());
        assertEquals(record.capture().captured(), RecordedFrames.tcpSegments(dir.resolve(name + ".pcap")).size(),
                "every captured frame is a TCP segment of the scenario's port, in the file");
        return record;
    }

    private List<Segment> wire(String name) throws Exception {
        return RecordedFrames.tcpSegments(dir.resolve(name + ".pcap"));
    }

    private static List<String> side(ObservedConnection c, Side side) {
        return c.observed().stream().filter(o -> o.side() == side).map(ObservedCall::brief).toList();
    }

    private static ObservedConnection only(ScenarioRecord r) {
        assertEquals(1, r.connections().size(), "one connection: " + r.connections());
        return r.connections().get(0);
    }

    private static long count(List<Segment> wire, char flag) {
        return wire.stream().filter(s -> s.has(flag)).count();
    }

    @Test
    void orderlyClose_bothSidesCloseAfterEofWithTwoFinsAndNoReset() throws Exception {
        ScenarioRecord r = run("orderly_close");
        ObservedConnection c = only(r);
        assertEquals(List.of("client connect OK", "client write OK", "client read OK"), side(c, Side.CLIENT));
        assertEquals(List.of("server read OK", "server write OK", "server read EOF"), side(c, Side.SERVER));
        List<Segment> wire = wire("orderly_close");
        assertEquals(2, count(wire, 'F'), wire.toString());
        assertEquals(0, count(wire, 'R'), wire.toString());
        assertEquals(DiagnosisCode.ORDERLY, r.expectedDiagnosis());
    }

    @Test
    void closeWaitLeak_serverReadsEofAndNeverSendsItsFin() throws Exception {
        ScenarioRecord r = run("close_wait_leak");
        ObservedConnection c = only(r);
        assertEquals(List.of("client connect OK"), side(c, Side.CLIENT));
        assertEquals(List.of("server read EOF"), side(c, Side.SERVER));
        List<Segment> wire = wire("close_wait_leak");
        assertEquals(1, count(wire, 'F'), "only the client's FIN: " + wire);
        assertEquals(c.client().port(), wire.stream().filter(s -> s.has('F')).findFirst().orElseThrow().srcPort());
        assertEquals(0, count(wire, 'R'), wire.toString());
    }

    @Test
    void writeAfterPeerClose_firstWriteDrawsResetSecondBreaksPipeAndReadStillSaysEof() throws Exception {
        ObservedConnection c = only(run("write_after_peer_close"));
        assertEquals(List.of("server write OK", "server write EPIPE", "server read EOF"), side(c, Side.SERVER));
        assertEquals("java.net.SocketException: Broken pipe", c.observed().get(2).detail());
        List<Segment> wire = wire("write_after_peer_close");
        assertEquals(1, count(wire, 'R'), "the first write draws one RST, the second never reaches the wire: " + wire);
        assertEquals(c.client().port(), wire.get(wire.size() - 1).srcPort(), "the closed client resets");
    }

    @Test
    void readAfterReset_readsFailWithConnectionResetThenWriteBreaksPipe() throws Exception {
        ObservedConnection c = only(run("read_after_reset"));
        assertEquals(List.of("server write OK", "server read ECONNRESET", "server read ECONNRESET", "server write EPIPE"),
                side(c, Side.SERVER));
        assertEquals("java.net.SocketException: Connection reset", c.observed().get(2).detail());
        List<Segment> wire = wire("read_after_reset");
        assertEquals(0, count(wire, 'F'), "RST instead of FIN: " + wire);
        assertEquals(1, count(wire, 'R'), wire.toString());
    }

    @Test
    void closeWithUnreadData_resetInsteadOfFinAndServerReadIsReset() throws Exception {
        ObservedConnection c = only(run("close_with_unread_data"));
        assertEquals(List.of("client connect OK", "client write OK"), side(c, Side.CLIENT));
        assertEquals(List.of("server read OK", "server write OK", "server read ECONNRESET"), side(c, Side.SERVER));
        List<Segment> wire = wire("close_with_unread_data");
        assertEquals(0, count(wire, 'F'), wire.toString());
        assertEquals(1, count(wire, 'R'), wire.toString());
    }

    @Test
    void javaCloseWithUnreadData_finThenResetAndServerReadsEofThenBreaksPipe() throws Exception {
        ObservedConnection c = only(run("java_close_with_unread_data"));
        assertEquals(List.of("server read OK", "server write OK", "server read EOF", "server write EPIPE"),
                side(c, Side.SERVER));
        List<Segment> wire = wire("java_close_with_unread_data");
        assertEquals(1, count(wire, 'F'), wire.toString());
        assertEquals(1, count(wire, 'R'), wire.toString());
        assertTrue(wire.get(wire.size() - 1).has('R') && wire.get(wire.size() - 2).has('F'),
                "the client's FIN, then at once its RST: " + wire);
    }

    @Test
    void echoIntoClosedSocket_echoDrawsResetButNextReadReturnsEofFirst() throws Exception {
        ObservedConnection c = only(run("echo_into_closed_socket"));
        assertEquals(List.of("client connect OK", "client write OK"), side(c, Side.CLIENT));
        assertEquals(List.of("server read OK", "server write OK", "server read EOF", "server write EPIPE"),
                side(c, Side.SERVER));
        List<Segment> wire = wire("echo_into_closed_socket");
        assertEquals(1, count(wire, 'F'), wire.toString());
        assertEquals(1, count(wire, 'R'), wire.toString());
    }

    @Test
    void connectionRefused_synAnsweredByResetAndConnectRefused() throws Exception {
        ObservedConnection c = only(run("connection_refused"));
        assertEquals(List.of("client connect ECONNREFUSED"), c.briefs());
        assertEquals("java.net.ConnectException: Connection refused", c.observed().get(0).detail());
        List<Segment> wire = wire("connection_refused");
        assertEquals(List.of("S", "RA"), wire.stream().map(Segment::flags).toList());
    }

    @Test
    void connectTimeoutBacklogFull_twoConnectionsFillBacklogOneAndTheThirdTimesOut() throws Exception {
        ScenarioRecord r = run("connect_timeout_backlog_full");
        assertEquals(3, r.connections().size());
        assertEquals(List.of("client connect OK"), r.connections().get(0).briefs());
        assertEquals(List.of("client connect OK"), r.connections().get(1).briefs());
        ObservedConnection third = r.connections().get(2);
        assertEquals(List.of("client connect ETIMEDOUT"), third.briefs());
        assertEquals("java.net.SocketTimeoutException: Connect timed out", third.observed().get(0).detail());
        List<Segment> fromThird = wire("connect_timeout_backlog_full").stream()
                .filter(s -> s.srcPort() == third.client().port() || s.dstPort() == third.client().port()).toList();
        assertEquals(List.of("S", "S"), fromThird.stream().map(Segment::flags).toList(),
                "the SYN and its retransmission, never answered");
    }

    @Test
    void listenWithoutAccept_handshakeAndWriteSucceedAndTheServerNeverSendsFin() throws Exception {
        ObservedConnection c = only(run("listen_without_accept"));
        assertEquals(List.of("client connect OK", "client write OK"), c.briefs());
        List<Segment> wire = wire("listen_without_accept");
        assertEquals(1, count(wire, 'F'), "only the client's FIN: " + wire);
        assertTrue(wire.stream().anyMatch(s -> s.srcPort() == c.server().port() && s.flags().equals("A")),
                "the kernel acknowledges the data and the FIN for the never-accepted socket: " + wire);
    }

    @Test
    void serverReadDeadline_serverTimesOutAndClosesAndClientReadsEof() throws Exception {
        ObservedConnection c = only(run("server_read_deadline"));
        assertEquals(List.of("server read ETIMEDOUT", "client read EOF"),
                c.observed().subList(1, 3).stream().map(ObservedCall::brief).toList());
        assertEquals("java.net.SocketTimeoutException: Read timed out", c.observed().get(1).detail());
        List<Segment> wire = wire("server_read_deadline");
        assertEquals(c.server().port(), wire.stream().filter(s -> s.has('F')).findFirst().orElseThrow().srcPort(),
                "the server's FIN comes first");
    }

    @Test
    void clientReadDeadline_clientTimesOutWaitingForReplyAndServerReadsEof() throws Exception {
        ObservedConnection c = only(run("client_read_deadline"));
        assertEquals(List.of("client connect OK", "client write OK", "client read ETIMEDOUT"), side(c, Side.CLIENT));
        assertEquals(List.of("server read OK", "server read EOF"), side(c, Side.SERVER));
        List<Segment> wire = wire("client_read_deadline");
        assertEquals(c.client().port(), wire.stream().filter(s -> s.has('F')).findFirst().orElseThrow().srcPort());
        assertEquals(0, count(wire, 'R'), wire.toString());
    }

    @Test
    void abortiveCloseLinger0_resetWithoutFinAndServerReadIsReset() throws Exception {
        ObservedConnection c = only(run("abortive_close_linger0"));
        assertEquals(List.of("client connect OK", "client write OK", "client read OK", "client write OK"),
                side(c, Side.CLIENT));
        assertEquals(List.of("server read OK", "server write OK", "server read OK", "server read ECONNRESET"),
                side(c, Side.SERVER));
        List<Segment> wire = wire("abortive_close_linger0");
        assertEquals(0, count(wire, 'F'), wire.toString());
        assertEquals(1, count(wire, 'R'), wire.toString());
    }

    @Test
    void halfClose_serverAnswersAfterEofAndClientReadsTheAnswer() throws Exception {
        ObservedConnection c = only(run("half_close"));
        assertEquals(List.of("client connect OK", "client write OK", "client read OK", "client read EOF"),
                side(c, Side.CLIENT));
        assertEquals(List.of("server read OK", "server read EOF", "server write OK"), side(c, Side.SERVER));
        List<Segment> wire = wire("half_close");
        assertEquals(2, count(wire, 'F'), wire.toString());
        int clientFin = indexOfFin(wire, c.client().port());
        int serverData = -1;
        for (int i = 0; i < wire.size(); i++) {
            if (wire.get(i).srcPort() == c.server().port() && wire.get(i).payload() > 0) {
                serverData = i;
            }
        }
        assertTrue(clientFin < serverData, "the server's answer follows the client's FIN: " + wire);
    }

    private static int indexOfFin(List<Segment> wire, int srcPort) {
        for (int i = 0; i < wire.size(); i++) {
            if (wire.get(i).srcPort() == srcPort && wire.get(i).has('F')) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void useAfterLocalClose_callsFailWithSocketClosedAndNothingReachesTheWire() throws Exception {
        ObservedConnection c = only(run("use_after_local_close"));
        List<String> client = side(c, Side.CLIENT);
        assertEquals(List.of("client read EBADF", "client write EBADF"), client.subList(client.size() - 2, client.size()));
        assertEquals("java.net.SocketException: Socket is closed", c.observed().get(c.observed().size() - 1).detail());
        assertEquals(0L, c.framesAfterLocalClose().orElseThrow(), "no frame while the closed socket was used");
    }

    @Test
    void stalePooledConnection_serverClosesIdleConnectionAndTheReusedOneWritesThenReadsEof() throws Exception {
        ScenarioRecord r = run("stale_pooled_connection");
        ObservedConnection c = only(r);
        assertEquals(List.of("client connect OK", "client write OK", "client read OK", "client write OK", "client read EOF"),
                side(c, Side.CLIENT));
        assertEquals(List.of("server read OK", "server write OK", "server read ETIMEDOUT"), side(c, Side.SERVER));
        List<Segment> wire = wire("stale_pooled_connection");
        assertEquals(1, count(wire, 'F'), "only the server's FIN: the client never got to close: " + wire);
        assertEquals(c.server().port(), wire.stream().filter(s -> s.has('F')).findFirst().orElseThrow().srcPort());
        int fin = wire.indexOf(wire.stream().filter(s -> s.has('F')).findFirst().orElseThrow());
        List<Segment> clientDataAfterFin = wire.subList(fin, wire.size()).stream()
                .filter(s -> s.srcPort() == c.client().port() && s.payload() > 0).toList();
        assertEquals(1, clientDataAfterFin.size(), "the reused connection carries the second request: " + wire);
        Segment last = wire.get(wire.size() - 1);
        assertTrue(last.has('R') && last.srcPort() == c.server().port(), "the closed server resets: " + wire);
        assertEquals(DiagnosisCode.STALE_POOLED_CONNECTION, r.expectedDiagnosis());
    }

    @Test
    void serverGaveUp_requestAcknowledgedThenServerClosesWithoutAnswerAndClientReadsEof() throws Exception {
        ObservedConnection c = only(run("server_gave_up"));
        assertEquals(List.of("client connect OK", "client write OK", "client read EOF"), side(c, Side.CLIENT));
        assertEquals(List.of("server read OK"), side(c, Side.SERVER));
        List<Segment> wire = wire("server_gave_up");
        assertEquals(0, wire.stream().filter(s -> s.srcPort() == c.server().port() && s.payload() > 0).count(),
                "the server never answers: " + wire);
        assertEquals(c.server().port(), wire.stream().filter(s -> s.has('F')).findFirst().orElseThrow().srcPort(),
                "the server closes first: " + wire);
        assertEquals(0, count(wire, 'R'), wire.toString());
    }

    @Test
    void everyScenarioIsListedWithItsExpectedDiagnosis() {
        List<ScenarioInfo> all = ScenarioLab.scenarios();
        assertEquals(23, all.size());
        assertEquals(all.size(), all.stream().map(ScenarioInfo::name).distinct().count(), "names are unique");
        assertTrue(all.stream().allMatch(s -> s.name().matches("[a-z0-9_]+")), "names are snake_case");
        assertEquals(DiagnosisCode.SYN_UNANSWERED, ScenarioLab.find("connect_timeout_backlog_full").orElseThrow()
                .expectedDiagnosis());
    }

    @Test
    void unknownScenario_isRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioLab.run("nosuch", dir));
        assertTrue(e.getMessage().startsWith("no scenario 'nosuch' (expected one of orderly_close, "), e.getMessage());
    }
}
