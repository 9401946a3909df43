package io.tcpwhy.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tcpwhy.model.Side;
import io.tcpwhy.net.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script each recorded ending gives: what the played side does and how it ends. */
class ScriptBuilderTest {

    private static Recording recording(String name, Integer id) throws Exception {
        return RecordingReader.read(Samples.pcap(name), RecordingReader.Selection.of(null, id, null));
    }

    private static Script script(String name, Side side) throws Exception {
        return ScriptBuilder.build(recording(name, null), side, name);
    }

    private static List<String> kinds(Script s) {
        return s.steps().stream().map(st -> st.kind().wire() + (st.count() > 0 ? " " + st.count()
                : st.data().length > 0 ? " " + st.data().length : "")).toList();
    }

    @Test
    void aCloseWithTheReplyUnreadWaitsForTheReplyWithoutReadingIt() throws Exception {
        Script s = script("close_with_unread_data", Side.CLIENT);
        assertEquals(List.of("send 12", "await_unread 7"), kinds(s));
        assertEquals(Ending.CLOSE_UNREAD, s.ending());
    }

    @Test
    void javaSocketsCloseWithFinThenRst() throws Exception {
        Script s = script("java_close_with_unread_data", Side.CLIENT);
        assertEquals(List.of("send 12", "await_unread 7"), kinds(s));
        assertEquals(Ending.SHUTDOWN_THEN_CLOSE_UNREAD, s.ending());
    }

    @Test
    void anAbortWithNothingUnreadIsSoLingerZero() throws Exception {
        Script s = script("abortive_close_linger0", Side.CLIENT);
        assertEquals(List.of("send 12", "expect 7", "send 5"), kinds(s));
        assertEquals(Ending.LINGER_ZERO, s.ending());
    }

    @Test
    void aHalfCloseShutsTheOutputDownAndKeepsReading() throws Exception {
        Script s = script("half_close", Side.CLIENT);
        assertEquals(List.of("send 12", "shutdown", "expect 7", "expect_end"), kinds(s));
        assertEquals(Ending.CLOSE, s.ending());
    }

    @Test
    void aLeakingServerStaysOpen() throws Exception {
        Script s = script("close_wait_leak", Side.SERVER);
        assertEquals(List.of("expect_end"), kinds(s));
        assertEquals(Ending.STAY_OPEN, s.ending());
    }

    @Test
    void theClosedClientsResetToLateDataIsTheKernelsNotAStep() throws Exception {
        Script s = script("echo_into_closed_socket", Side.CLIENT);
        assertEquals(List.of("send 12"), kinds(s));
        assertEquals(Ending.CLOSE, s.ending());
    }

    @Test
    void anUnansweredConnectWaitsAsLongAsTheRecordingDid() throws Exception {
        Script s = ScriptBuilder.build(recording("connect_timeout_backlog_full", 3), Side.CLIENT, "backlog");
        assertEquals(Script.Handshake.UNANSWERED, s.handshake());
        assertEquals(true, s.connectTimeoutNanos() >= ScriptBuilder.MIN_UNANSWERED_CONNECT_NANOS);
    }

    private static Script withClientBytes(Side played, byte[] clientBytes) {
        Summary none = new Summary("ORDERLY", "client FIN", "TIME_WAIT", "CLOSED", "SF", "", List.of(), List.of());
        byte[] other = new byte[0];
        return new Script(played, Script.Handshake.ESTABLISHED, 0, List.of(), Ending.CLOSE, 0, 0, 0, none,
                played == Side.CLIENT ? clientBytes : other, played == Side.CLIENT ? other : clientBytes, "t", null);
    }

    @Test
    void aTlsClientHelloIsRecognisedOnEitherSide() {
        byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00}; // handshake record, TLS 1.0 record version, length
        assertEquals(true, withClientBytes(Side.CLIENT, hello).startsWithTls());
        assertEquals(true, withClientBytes(Side.SERVER, hello).startsWithTls());
        assertEquals(false, withClientBytes(Side.CLIENT, "GET /".getBytes()).startsWithTls());
        assertEquals(true, withClientBytes(Side.CLIENT, hello).describe().contains("note: the client's first bytes are"
                + " a TLS ClientHello"));
    }

    @Test
    void aRefusedConnectionHasNoServerToPlay() throws Exception {
        ReplayException e = assertThrows(ReplayException.class, () -> script("connection_refused", Side.SERVER));
        assertEquals("connection_refused: the server never accepted (handshake refused), so there is no server side"
                + " to play (expected a connection whose handshake completed)", e.getMessage());
    }

    @Test
    void aConnectionThatExchangedNothingAndNeverClosedHasNothingToReplay() throws Exception {
        ReplayException e = assertThrows(ReplayException.class,
                () -> ScriptBuilder.build(recording("connect_timeout_backlog_full", 1), Side.CLIENT, "filler"));
        assertEquals("filler: the client sent no payload, received none and never closed: nothing to replay"
                + " (expected payload, a FIN or a RST on the connection)", e.getMessage());
    }

    @Test
    void aCaptureWithSeveralConnectionsNeedsAChoice() {
        ReplayException e = assertThrows(ReplayException.class, () -> recording("connect_timeout_backlog_full", null));
        assertEquals(Samples.pcap("connect_timeout_backlog_full") + ": 3 connections match (ids 1, 2, 3; expected one:"
                + " choose with --conn A-B or --id N)", e.getMessage());
    }

    @Test
    void aConnectionIdThatIsNotThereIsNamed() {
        ReplayException e = assertThrows(ReplayException.class, () -> recording("orderly_close", 7));
        assertEquals(Samples.pcap("orderly_close") + ": no TCP connection with id 7 in 1 connection(s)"
                + " (expected exactly one to replay)", e.getMessage());
    }

    @Test
    void aClientThatIsNeitherEndIsRefused() {
        Endpoint stranger = Endpoint.parse("10.9.9.9:1");
        ReplayException e = assertThrows(ReplayException.class, () -> RecordingReader.read(
                Samples.pcap("orderly_close"), RecordingReader.Selection.of(null, null, stranger)));
        assertEquals(true, e.getMessage().endsWith("has no endpoint 10.9.9.9:1 (expected --client to name one of its"
                + " two ends)"), e.getMessage());
    }

    @Test
    void namingTheServerAsClientSwapsTheRoles() throws Exception {
        Recording r = recording("orderly_close", null);
        Recording swapped = RecordingReader.read(Samples.pcap("orderly_close"),
                RecordingReader.Selection.of(null, null, r.server()));
        assertEquals(r.server(), swapped.client());
        assertEquals(new String(r.payload(Side.SERVER)), new String(swapped.payload(Side.CLIENT)));
    }
}
