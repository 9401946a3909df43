package io.tcpwhy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.net.ConnectionKey;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionSearchTest {

    private static final ConnectionReport RESET = Fixtures.of(DiagnosisCode.RST_UNREAD_DATA);
    private static final ConnectionReport ORDERLY =
            Fixtures.of(DiagnosisCode.ORDERLY, "10.0.0.9:56800", Fixtures.SERVER, 2, 20);
    private static final ConnectionReport REFUSED =
            Fixtures.of(DiagnosisCode.REFUSED, "10.0.0.9:56900", "10.0.0.5:8080", 3, 40);

    private static ConnectionSearch.Result search(String line, List<ConnectionReport> reports) throws Exception {
        ErrorLine e = ErrorLine.parse(line);
        Long at = e.loggedAt() == null ? null : e.loggedAt().epochNanos(ZoneOffset.UTC);
        return ConnectionSearch.search(new Query(e, null, -1, null, at), reports);
    }

    @Test
    void goAddressesPickTheConnectionAndTheLocalSideAsTheLogger() throws Exception {
        ConnectionSearch.Result r = search("read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer",
                List.of(ORDERLY, RESET, REFUSED));
        assertTrue(r.found());
        assertEquals(1, r.best().report().id());
        assertEquals(Side.SERVER, r.best().side());
        assertEquals(1, r.matches().size());
    }

    @Test
    void javaResetWithoutAddressesFindsTheSideWhoseOutcomeIsAReset() throws Exception {
        ConnectionSearch.Result r = search("java.net.SocketException: Connection reset", List.of(ORDERLY, RESET, REFUSED));
        assertEquals(1, r.best().report().id());
        assertEquals(Side.SERVER, r.best().side());
        assertEquals(Candidate.EXACT, r.best().kind());
    }

    @Test
    void severalResetsAreRankedByClosenessToTheLoggedTime() throws Exception {
        ConnectionReport early = Fixtures.of(DiagnosisCode.RST_UNREAD_DATA, "10.0.0.9:50001", Fixtures.SERVER, 1, 0);
        ConnectionReport late = Fixtures.of(DiagnosisCode.RST_ABORT, "10.0.0.9:50002", Fixtures.SERVER, 2, 20);
        // The abort's RST is at +2.5 s (16:35:46.755), the unread-data RST at +1.014 s (16:35:45.269).
        ConnectionSearch.Result r = search("2019-05-30T16:35:46.700Z ConnectionResetError: [Errno 104] Connection reset by peer",
                List.of(early, late));
        assertEquals(2, r.matches().size());
        assertEquals(2, r.best().report().id());
        ConnectionSearch.Result other = search("2019-05-30T16:35:45.270Z ConnectionResetError: [Errno 104] Connection reset by peer",
                List.of(early, late));
        assertEquals(1, other.best().report().id());
    }

    @Test
    void dialRefusedMatchesTheClientOfARefusedConnectionOnThatPort() throws Exception {
        ConnectionSearch.Result r = search("dial tcp :8080: connect: connection refused", List.of(RESET, REFUSED));
        assertEquals(3, r.best().report().id());
        assertEquals(Side.CLIENT, r.best().side());
    }

    @Test
    void sideFilterExcludesConnectionsWhereOnlyTheOtherSideFailed() throws Exception {
        ErrorLine e = ErrorLine.parse("ECONNRESET");
        ConnectionSearch.Result r = ConnectionSearch.search(new Query(e, null, -1, Side.CLIENT, null),
                List.of(RESET, ORDERLY));
        assertFalse(r.found());
    }

    @Test
    void resetTextWithNoResetInTheCaptureFindsNothingAndShowsTheNearest() throws Exception {
        ConnectionSearch.Result r = search("read tcp 10.0.0.5:20003->10.0.0.9:1: read: connection reset by peer",
                List.of(ORDERLY, REFUSED));
        assertFalse(r.found());
        assertEquals(2, r.nearest().size());
        assertEquals(2, r.nearest().get(0).report().id(), "shares the server address");
    }

    @Test
    void pinnedConnectionIsExplainedEvenWhenTheCaptureShowsAnotherResult() throws Exception {
        ConnectionSearch.Result r = search("write tcp 10.0.0.5:20003->10.0.0.9:56800: write: broken pipe",
                List.of(ORDERLY));
        assertTrue(r.found());
        assertTrue(r.best().pinned());
        assertEquals(Candidate.NONE, r.best().kind());
    }

    @Test
    void connFilterWithoutErrorTextPicksThatConnection() {
        ConnectionSearch.Result r = ConnectionSearch.search(
                new Query(null, ConnectionKey.parse(Fixtures.SERVER + "-" + Fixtures.CLIENT), -1, null, null),
                List.of(ORDERLY, RESET));
        assertEquals(1, r.matches().size());
        assertEquals(1, r.best().report().id());
    }

    @Test
    void connWithoutErrorTextTakesTheSidesFailureOverItsEarlierEof() {
        ConnectionReport late = Fixtures.of(DiagnosisCode.RST_AFTER_CLOSE);
        ConnectionSearch.Result r = ConnectionSearch.search(
                new Query(null, ConnectionKey.of(late.client(), late.server()), -1, null, null), List.of(late));
        assertEquals(Side.SERVER, r.best().side());
        assertEquals(io.tcpwhy.model.CallResult.EPIPE, r.best().outcome().result());
    }

    @Test
    void portFilterListsEveryConnectionOnThePortProblemsFirst() {
        ConnectionSearch.Result r = ConnectionSearch.search(new Query(null, null, 20003, null, null),
                List.of(ORDERLY, RESET, REFUSED));
        assertEquals(2, r.matches().size());
        assertEquals(1, r.best().report().id());
    }
}
