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
}
