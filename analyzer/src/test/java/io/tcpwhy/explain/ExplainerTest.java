package io.tcpwhy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExplainerTest {

    private static Explanation explain(String line, ConnectionReport... reports) throws Exception {
        ErrorLine e = ErrorLine.parse(line);
        Long at = e.loggedAt() == null ? null : e.loggedAt().epochNanos(ZoneOffset.UTC);
        ConnectionSearch.Result r = ConnectionSearch.search(new Query(e, null, -1, null, at), List.of(reports));
        return Explainer.explain(r, e);
    }

    @Test
    void unreadDataResetNamesTheClientsRstAndTellsItToReadBeforeClosing() throws Exception {
        Explanation x = explain("read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer",
                Fixtures.of(DiagnosisCode.RST_UNREAD_DATA));
        assertEquals(Side.SERVER, x.side());
        assertEquals(8, x.cause().frame());
        assertEquals("R.", x.cause().flags());
        assertEquals(15, x.cause().relSeq());
        assertEquals("Why did the server's read fail with ECONNRESET?", x.question());
        assertTrue(x.answer().startsWith("The server (10.0.0.5:20003) got ECONNRESET because the client"
                + " (10.0.0.9:56795) sent RST in frame 8 (+1.014 s)"), x.answer());
        assertTrue(x.why().contains("unread"), x.why());
        assertTrue(x.advice().get(0).startsWith("The client: read until EOF"), x.advice().get(0));
        assertNotNull(x.undecided());
        assertNull(x.mismatch());
    }

    @Test
    void brokenPipeAfterPeerCloseTellsTheWriterToStopAfterEof() throws Exception {
        Explanation x = explain("write tcp 10.0.0.5:20003->10.0.0.9:56795: write: broken pipe",
                Fixtures.of(DiagnosisCode.RST_AFTER_CLOSE));
        assertEquals(CallResult.EPIPE, x.result());
        assertEquals("R", x.cause().flags());
        assertTrue(x.why().contains("had already closed"), x.why());
        assertTrue(x.advice().get(0).contains("when read returns EOF, stop writing and close"), x.advice().get(0));
    }

    @Test
    void windowsResetOnAWriteIsMatchedToTheCapturedEpipeAndTheDifferenceIsNoted() throws Exception {
        Explanation x = explain("2019-05-30 16:35:50.000 send failed: WSAECONNRESET 10054",
                Fixtures.of(DiagnosisCode.RST_AFTER_CLOSE));
        assertEquals(Side.SERVER, x.side());
        assertTrue(x.mismatch().contains("getting EPIPE where the log says ECONNRESET"), x.mismatch());
    }

    @Test
    void refusedConnectAdvisesCheckingTheListener() throws Exception {
        Explanation x = explain("java.net.ConnectException: Connection refused", Fixtures.of(DiagnosisCode.REFUSED));
        assertEquals(Side.CLIENT, x.side());
        assertEquals(2, x.cause().frame());
        assertTrue(x.why().contains("nothing was listening"), x.why());
        assertTrue(x.undecided().contains("firewall"), x.undecided());
    }

    @Test
    void unansweredSynPointsAtTheAcceptBacklogAndSaysWhatWouldDecide() throws Exception {
        Explanation x = explain("dial tcp 10.0.0.5:20003: i/o timeout", Fixtures.of(DiagnosisCode.SYN_UNANSWERED));
        assertEquals(Side.CLIENT, x.side());
        assertTrue(x.advice().get(0).contains("accept backlog"), x.advice().get(0));
        assertTrue(x.undecided().contains("a capture on the server"), x.undecided());
        assertTrue(x.answer().contains("got ETIMEDOUT after its SYN in frame 3 (+3.000 s): no SYN-ACK came back"), x.answer());
    }

    @Test
    void goReadDeadlineIsExplainedByTheIdleTimeBeforeTheClose() throws Exception {
        ConnectionReport idle = Fixtures.between(Fixtures.CLIENT, Fixtures.SERVER).exchange()
                .at(10.014).seg(Side.CLIENT, "F.", 15, 40, 0)
                .annotate(new Annotation.IdleBeforeClose(Side.CLIENT, 10.0, true))
                .build(DiagnosisCode.CLOSE_WAIT, Side.CLIENT, "The client closed after 10 s.", List.of(8L));
        Explanation x = explain("read tcp 10.0.0.9:56795->10.0.0.5:20003: i/o timeout", idle);
        assertEquals(Side.CLIENT, x.side());
        assertEquals(CallResult.ETIMEDOUT, x.result());
        assertTrue(x.why().contains("(the client closed after 10.000 s of silence, its own data acknowledged and never"
                + " answered)"), x.why());
        assertTrue(x.advice().get(0).contains("set read deadlines"), x.advice().get(0));
    }

    @Test
    void eofInCloseWaitTellsTheReaderToClose() throws Exception {
        Explanation x = explain("2019/05/30 16:35:45.300:handlerClient err3=EOF", Fixtures.of(DiagnosisCode.CLOSE_WAIT));
        assertEquals(Side.SERVER, x.side());
        assertEquals("F.", x.cause().flags());
        assertEquals("Why did the server's read return EOF?", x.question());
        assertTrue(x.advice().get(0).contains("close the socket"), x.advice().get(0));
        assertNull(x.undecided());
    }

    @Test
    void abortSaysAMiddleboxCannotBeToldApart() throws Exception {
        Explanation x = explain("Error: read ECONNRESET", Fixtures.of(DiagnosisCode.RST_ABORT));
        assertTrue(x.peerApplication().contains("SO_LINGER"), x.peerApplication());
        assertTrue(x.undecided().contains("middlebox"), x.undecided());
    }

    @Test
    void problemWithoutErrorTextIsExplainedFromTheWorstOutcome() {
        Explanation x = Explainer.explainProblem(Fixtures.of(DiagnosisCode.RST_AFTER_CLOSE));
        assertEquals(Side.SERVER, x.side());
        assertEquals(CallResult.EPIPE, x.result());
        assertNull(x.error());
    }

    @ParameterizedTest
    @EnumSource(DiagnosisCode.class)
    void everyDiagnosisCodeGetsAnAnswerAndAdvice(DiagnosisCode code) {
        Explanation x = Explainer.explainProblem(Fixtures.of(code));
        assertTrue(x.answer().endsWith("."), x.answer());
        assertTrue(!x.advice().isEmpty());
        assertTrue(!x.why().contains("{"), "placeholders filled: " + x.why());
        assertTrue(x.advice().stream().noneMatch(a -> a.contains("{")), "placeholders filled: " + x.advice());
    }

    @Test
    void brokenPipeRanksTheWriteThatDrewTheResetBeforeAPredictedNextWrite() throws Exception {
        // #1: the client's FIN, then its RST with no data from the server before it: EPIPE only predicted.
        ConnectionReport predicted = Fixtures.between("10.0.0.9:50001", Fixtures.SERVER).id(1).exchange()
                .at(0.1).seg(Side.CLIENT, "F.", 15, 40, 0).state(Side.SERVER, TcpState.CLOSE_WAIT)
                .outcome(Side.SERVER, SocketCall.READ, CallResult.EOF, "the client's FIN arrived")
                .seg(Side.SERVER, ".", 40, 16, 0).at(0.2).seg(Side.CLIENT, "R", 16, -1, 0)
                .outcome(Side.SERVER, SocketCall.WRITE, CallResult.EPIPE, "predicted for the next write")
                .build(DiagnosisCode.RST_AFTER_CLOSE, Side.CLIENT, "Reset after close.", List.of(8L, 10L));
        // #2: the server's 1024 bytes drew the client's RST.
        ConnectionReport drew = Fixtures.of(DiagnosisCode.RST_AFTER_CLOSE, "10.0.0.9:50002", Fixtures.SERVER, 2, 20);
        Explanation x = explain("write: broken pipe", predicted, drew);
        assertEquals(2, x.report().id());
        assertEquals(1, x.others().size());
        assertEquals(1, x.others().get(0).report().id());
        Explanation reversed = explain("write: broken pipe", drew, predicted);
        assertEquals(2, reversed.report().id());
    }

    @Test
    void timeoutNamesTheSilenceBeforeTheSidesOwnCloseNeverASegmentAfterIt() throws Exception {
        ConnectionReport idle = Fixtures.between(Fixtures.CLIENT, Fixtures.SERVER).exchange()
                .at(10.014).seg(Side.CLIENT, "F.", 15, 40, 0)
                .at(10.5).seg(Side.SERVER, "P.", 40, 16, 100).seg(Side.CLIENT, "R", 16, -1, 0)
                .annotate(new Annotation.IdleBeforeClose(Side.CLIENT, 10.0, true))
                .build(DiagnosisCode.RST_AFTER_CLOSE, Side.CLIENT, "The client closed after 10 s.", List.of(8L));
        Explanation x = explain("read tcp 10.0.0.9:56795->10.0.0.5:20003: i/o timeout", idle);
        assertEquals(Side.CLIENT, x.side());
        assertEquals(7, x.cause().frame(), "the last segment before the client's FIN in frame 8");
        assertTrue(x.answer().startsWith("The client (10.0.0.9:56795) got ETIMEDOUT after 10.000 s of silence since"
                + " frame 7 (the client's ACK, +0.014 s); it then closed with FIN in frame 8 (+10.014 s): "), x.answer());
    }

    @Test
    void alsoMatchingShowsTheBestFewAndCountsTheRest() throws Exception {
        ConnectionReport[] resets = new ConnectionReport[7];
        for (int i = 0; i < resets.length; i++) {
            resets[i] = Fixtures.of(DiagnosisCode.RST_ABORT, "10.0.0.9:" + (50000 + i), Fixtures.SERVER, i + 1, i * 20L);
        }
        Explanation x = explain("java.net.SocketException: Connection reset", resets);
        assertEquals(1, x.report().id());
        assertEquals(ConnectionSearch.OTHERS_SHOWN, x.others().size());
        assertEquals(3, x.moreOthers());
        String text = TextReport.render(x);
        assertTrue(text.contains("Also matching, less likely:\n  #2 ") && text.contains("  and 3 more\n"), text);
        assertTrue(JsonReport.render(x).contains("\"also_matched_more\" : 3"));
        assertTrue(MarkdownReport.render(x).contains("- and 3 more\n"));
    }

    @Test
    void theSearchKeepsOnlyTheBestFewWhateverTheNumberOfReports() throws Exception {
        ErrorLine e = ErrorLine.parse("java.net.SocketException: Connection reset");
        ConnectionSearch.Collector c = new ConnectionSearch.Collector(new Query(e, null, -1, null, null));
        ConnectionReport reset = Fixtures.of(DiagnosisCode.RST_ABORT);
        ConnectionReport orderly = Fixtures.of(DiagnosisCode.ORDERLY);
        for (int i = 0; i < 20_000; i++) {
            c.accept(i % 2 == 0 ? reset : orderly);
        }
        ConnectionSearch.Result r = c.result();
        assertEquals(20_000, r.connections());
        assertEquals(10_000, r.matchCount());
        assertEquals(ConnectionSearch.OTHERS_SHOWN + 1, r.matches().size());
        assertEquals(10_000 - ConnectionSearch.OTHERS_SHOWN - 1, r.moreMatches());
        assertTrue(r.nearest().isEmpty());
    }

    @Test
    void socketHangUpOnAServerThatGaveUpIsTheServersCloseWithTheRequestUnanswered() throws Exception {
        Explanation x = explain("Error: socket hang up", Fixtures.of(DiagnosisCode.ORDERLY, "10.0.0.9:1", Fixtures.SERVER,
                1, 0), Fixtures.of(DiagnosisCode.SERVER_GAVE_UP, Fixtures.CLIENT, Fixtures.SERVER, 2, 20));
        assertEquals(2, x.report().id(), "the diagnosis the text goes with ranks first");
        assertEquals(Side.CLIENT, x.side());
        assertEquals("F.", x.cause().flags());
        assertTrue(x.why().contains("request had been acknowledged and was not yet answered"), x.why());
    }

    @Test
    void remoteDisconnectedOnAStalePooledConnectionAdvisesPoolTimeoutsBelowTheServers() throws Exception {
        Explanation x = explain("http.client.RemoteDisconnected: Remote end closed connection without response",
                Fixtures.of(DiagnosisCode.STALE_POOLED_CONNECTION));
        assertEquals(Side.CLIENT, x.side());
        assertTrue(x.why().contains("pooled keep-alive connection"), x.why());
        assertTrue(x.advice().get(0).contains("IdleConnTimeout") && x.advice().get(0).contains("evictIdleConnections")
                && x.advice().get(0).contains("keepAliveTimeout"), x.advice().get(0));
        assertTrue(x.advice().get(2).contains("nginx keepalive_timeout"), x.advice().get(2));
    }

    @Test
    void econnresetAfterLongIdleNamesTheMiddleboxTimeouts() throws Exception {
        Explanation x = explain("read: connection reset by peer", Fixtures.of(DiagnosisCode.IDLE_FORGOTTEN));
        assertTrue(x.advice().get(0).contains("AWS ALB 60 s") && x.advice().get(0).contains("Azure Load Balancer 4 min")
                && x.advice().get(0).contains("nf_conntrack_tcp_timeout_established"), x.advice().get(0));
    }

    @Test
    void connectionTimedOutFitsAPeerThatStoppedAnswering() throws Exception {
        Explanation x = explain("read: connection timed out", Fixtures.of(DiagnosisCode.ORDERLY, "10.0.0.9:1",
                Fixtures.SERVER, 1, 0), Fixtures.of(DiagnosisCode.PEER_UNREACHABLE, Fixtures.CLIENT, Fixtures.SERVER, 2, 20));
        assertEquals(2, x.report().id());
        assertEquals(CallResult.ETIMEDOUT, x.outcome().result());
        assertTrue(x.why().contains("never acknowledged"), x.why());
    }

    @Test
    void useOfClosedConnectionFindsTheSidesOwnCloseAndSaysNothingOnTheWireCausedIt() throws Exception {
        ErrorLine e = ErrorLine.parse("127.0.0.1:63482->127.0.0.1:8081: use of closed network connection");
        ConnectionReport mine = Fixtures.of(DiagnosisCode.ORDERLY, "127.0.0.1:63482", "127.0.0.1:8081", 1, 0);
        ConnectionSearch.Result r = ConnectionSearch.search(new Query(e, null, -1, null, null), List.of(mine));
        OwnExplanation x = OwnExplainer.explain(e, e.own(), r.own(), r.connections());
        assertEquals(Side.CLIENT, x.side());
        assertEquals(8, x.connection().close().frame());
        assertTrue(x.answer().contains("closed this connection itself: its own FIN in frame 8"), x.answer());
        assertTrue(x.answer().contains("sends nothing"), x.answer());
    }

    @Test
    void ownCloseIsNotClaimedWhenThePeerClosedFirst() throws Exception {
        ErrorLine e = ErrorLine.parse("127.0.0.1:8081->127.0.0.1:63482: use of closed network connection");
        // The server (8081) closed only after the client's FIN: not its own action first.
        ConnectionReport r = Fixtures.of(DiagnosisCode.ORDERLY, "127.0.0.1:63482", "127.0.0.1:8081", 1, 0);
        ConnectionSearch.Result found = ConnectionSearch.search(new Query(e, null, -1, null, null), List.of(r));
        assertTrue(found.own().closes().isEmpty());
        OwnExplanation x = OwnExplainer.explain(e, e.own(), found.own(), found.connections());
        assertTrue(x.answer().startsWith("Nothing on the wire causes this error"), x.answer());
    }

    @Test
    void socketHangUpWithNoServerCloseIsTheClientsOwnAbort() throws Exception {
        ErrorLine e = ErrorLine.parse("Error: socket hang up");
        ConnectionReport aborted = Fixtures.between(Fixtures.CLIENT, Fixtures.SERVER).seg(Side.CLIENT, "S", 0, -1, 0)
                .seg(Side.SERVER, "S.", 0, 1, 0).seg(Side.CLIENT, ".", 1, 1, 0).at(0.014)
                .seg(Side.CLIENT, "P.", 1, 1, 14).seg(Side.SERVER, ".", 1, 15, 0).at(5.014)
                .seg(Side.CLIENT, "F.", 15, 1, 0).seg(Side.SERVER, ".", 1, 16, 0)
                .build(DiagnosisCode.HALF_CLOSE, Side.CLIENT, "The client closed first.", List.of(6L));
        ConnectionSearch.Result r = ConnectionSearch.search(new Query(e, null, -1, null, null), List.of(aborted));
        assertTrue(!r.found());
        OwnExplanation x = OwnExplainer.explain(e, e.fallback(), r.own(), r.connections());
        assertEquals(OwnAction.ABORTED_BY_SELF, x.action());
        assertTrue(x.answer().contains("destroys its own request"), x.answer());
        assertTrue(x.capture().get(1).startsWith("Before it: frame 5, the server's ACK, 5.000 s earlier."),
                x.capture().toString());
    }

    @Test
    void aRefusedConnectIsNoOwnCloseOfEitherSide() throws Exception {
        for (String line : new String[] {"Error: socket hang up", "use of closed network connection"}) {
            ErrorLine e = ErrorLine.parse(line);
            ConnectionSearch.Result r = ConnectionSearch.search(new Query(e, null, -1, null, null),
                    List.of(Fixtures.of(DiagnosisCode.REFUSED)));
            assertTrue(r.own().closes().isEmpty(), line);
        }
    }

    @Test
    void socketHangUpFallsBackOnlyToTheClientsOwnClose() throws Exception {
        ErrorLine e = ErrorLine.parse("Error: socket hang up");
        // The server closed first here (its FIN, then the client's): not the client's own abort.
        ConnectionReport serverFirst = Fixtures.between(Fixtures.CLIENT, Fixtures.SERVER).exchange()
                .at(1.0).seg(Side.SERVER, "F.", 40, 15, 0).seg(Side.CLIENT, "F.", 15, 41, 0)
                .build(DiagnosisCode.ORDERLY, Side.SERVER, "The server closed first.", List.of(8L));
        ConnectionSearch.Result r = ConnectionSearch.search(new Query(e, null, -1, null, null), List.of(serverFirst));
        assertTrue(r.own().closes().isEmpty());
    }

    @Test
    void portExhaustionAsMarkdownEscapesSysctlNames() throws Exception {
        ErrorLine e = ErrorLine.parse("dial tcp 10.0.0.5:20003: connect: cannot assign requested address");
        ConnectionSearch.Result r = ConnectionSearch.search(new Query(e, null, -1, null, null),
                List.of(Fixtures.of(DiagnosisCode.ORDERLY)));
        String md = OwnReport.markdown(OwnExplainer.explain(e, e.own(), r.own(), r.connections()));
        assertTrue(md.startsWith("### tcpwhy: Why did 10.0.0.9's connect to 10.0.0.5:20003 fail with 'cannot assign"
                + " requested address'? (own action `port_exhaustion`)"), md);
        assertTrue(md.contains("net.ipv4.ip\\_local\\_port\\_range"), md);
        assertTrue(md.contains("- **Error:** Go: ` cannot assign requested address ` (EADDRNOTAVAIL (99)"), md);
    }
}
