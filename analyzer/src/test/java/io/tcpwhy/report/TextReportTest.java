package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.model.Side;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TextReportTest {

    private static String render(int memoryBytes, InputReport in, List<ConnectionReport> connections) {
        StringWriter out = new StringWriter();
        try (TextReport r = new TextReport(out, memoryBytes)) {
            r.startInput(in.path());
            connections.forEach(r::connection);
            r.endInput(in);
            r.finish();
        }
        return out.toString();
    }

    private static String render(ConnectionReport c) {
        return render(Spool.DEFAULT_MEMORY_BYTES, Fixtures.input("a.pcap"), List.of(c));
    }

    /** A live capture has no end to wait for: each story follows its line, on the output before the next connection. */
    @Test
    void liveReportTellsEachStoryRightAfterItsLineAndFlushesIt() {
        StringWriter out = new StringWriter();
        try (ReportWriter r = ReportFormat.TEXT.openLive(out)) {
            r.startInput("live");
            r.connection(Fixtures.rstUnreadData(1));
            String first = out.toString();
            assertTrue(first.endsWith(TextReport.line(Fixtures.rstUnreadData(1)) + TextReport.story(Fixtures.rstUnreadData(1))),
                    first);
            r.connection(Fixtures.orderly(2));
            assertEquals(first + TextReport.line(Fixtures.orderly(2)), out.toString());
        }
    }

    @Test
    void connectionLineShowsEndpointsDurationBytesConnStateAndDiagnosis() {
        String line = TextReport.line(Fixtures.orderly(7));
        assertEquals("   #7  10.0.0.1:40000" + " ".repeat(7) + " -> 10.0.0.2:80" + " ".repeat(10)
                + "  " + "   1.002s" + "  " + "        100" + "  " + "        200" + "  SF      ORDERLY\n", line);
    }

    @Test
    void tableStartsWithAHeaderNamingTheColumns() {
        String text = render(Fixtures.orderly(1));
        assertTrue(text.startsWith("   ID  CLIENT" + " ".repeat(15) + " -> SERVER" + " ".repeat(15)
                + "   DURATION    BYTES C>S    BYTES S>C  ZEEK    DIAGNOSIS\n"), text);
    }

    @Test
    void inferredRolesAreMarkedOnTheLine() {
        assertTrue(TextReport.line(Fixtures.generic(3, DiagnosisCode.OPEN)).endsWith("OPEN (roles inferred)\n"));
    }

    @ParameterizedTest
    @EnumSource(DiagnosisCode.class)
    void everyDiagnosisGetsItsLineAndProblemsAlsoTheirStory(DiagnosisCode code) {
        String text = render(Fixtures.connection(4, code));
        assertTrue(text.contains(TextReport.line(Fixtures.connection(4, code))), text);
        boolean story = text.contains("Summary of " + code + ".");
        assertEquals(code.isProblem() || TextReport.tellsMore(Fixtures.connection(4, code)), story,
                "a story exactly for the problem codes and for findings worth telling:\n" + text);
        if (code.isProblem()) {
            assertTrue(text.contains("Detail of " + code), text);
            assertTrue(text.contains("\n#4  10.0.0.1:40000 -> 10.0.0.2:80  " + code.name()), text);
        }
    }

    @Test
    void orderlyCloseAfterAReadDeadlineStillGetsItsStory() {
        ConnectionReport quiet = Fixtures.orderly(1);
        assertFalse(render(quiet).contains("Summary of ORDERLY."), "a plain orderly close needs no story");
        ConnectionReport deadline = new ConnectionReport(2, quiet.client(), quiet.server(), false, quiet.firstFrame(),
                quiet.lastFrame(), quiet.startNanos(), quiet.endNanos(), quiet.timestampDigits(), quiet.clientBytes(),
                quiet.serverBytes(), quiet.zeek(), quiet.zeekRecords(), quiet.clientState(), quiet.serverState(), quiet.timeline(),
                quiet.diagnosis(), List.of(new Annotation.IdleBeforeClose(Side.CLIENT, 1.0, true)), quiet.outcomes(),
                quiet.segments());
        String text = render(deadline);
        assertTrue(text.contains("Summary of ORDERLY."), text);
        assertTrue(text.contains("IDLE_BEFORE_CLOSE"), text);
        assertTrue(text.contains("0 problems"), "a story is not a problem:\n" + text);
    }

    @Test
    void resetStoryNamesTheErrorAsEachRuntimePrintsIt() {
        String text = render(Fixtures.rstUnreadData(2));
        assertTrue(text.contains("#2  10.0.0.1:40000 -> 10.0.0.2:80  RST_UNREAD_DATA, closed by the server\n"), text);
        assertTrue(text.contains("    read -> ECONNRESET (once frame 6 arrived): the server's RST arrived\n"), text);
        assertTrue(text.contains("        Go       read: connection reset by peer\n"), text);
        assertTrue(text.contains("        Java     java.net.SocketException: Connection reset\n"), text);
        assertTrue(text.contains("        Python   ConnectionResetError: [Errno 104] Connection reset by peer\n"), text);
        assertTrue(text.contains("        C        errno 104 ECONNRESET\n"), text);
        assertTrue(text.contains("        Windows  WSAECONNRESET (10054)\n"), text);
    }

    @Test
    void storyTellsWhoClosedHowAndEachSidesStates() {
        String text = render(Fixtures.rstAfterClose(1));
        assertTrue(text.contains("  client 10.0.0.1:40000\n    closing: FIN (frame 4), then RST (frame 7)\n"), text);
        assertTrue(text.contains("    states: SYN_SENT (frame 1) -> ESTABLISHED (frame 2) -> FIN_WAIT_1 (frame 4)"
                + " -> FIN_WAIT_2 (frame 5) -> CLOSED (frame 7); at the end: CLOSED\n"), text);
        assertTrue(text.contains("  server 10.0.0.2:80\n    closing: no FIN, no RST\n"), text);
        assertTrue(text.contains("Evidence: frames 4, 6, 7\n"), text);
    }

    @Test
    void secondWriteAfterTheResetIsABrokenPipeAndTheFirstWriteShowsNoError() {
        String text = render(Fixtures.rstAfterClose(1));
        assertTrue(text.contains("    write -> OK (once frame 6 arrived): the data went into the send buffer\n    write -> EPIPE"),
                "an OK outcome lists no runtime errors:\n" + text);
        assertTrue(text.contains("        Go       write: broken pipe\n"), text);
        assertTrue(text.contains("        Java     java.net.SocketException: Broken pipe\n"), text);
        assertTrue(text.contains("        Python   BrokenPipeError: [Errno 32] Broken pipe\n"), text);
        assertTrue(text.contains("        Windows  WSAECONNRESET (10054)\n"), text);
    }

    @Test
    void findingsAreListedByCodeInWords() {
        String text = render(Fixtures.rstAfterClose(1));
        assertTrue(text.contains("    CLOSE_WAIT_HELD: the server stayed in CLOSE_WAIT 4.5 s before it closed\n"), text);
        assertTrue(text.contains("    RETRANSMITTED: the client sent a FIN again\n"), text);
        String idle = render(Fixtures.rstUnreadData(1));
        assertTrue(idle.contains("    IDLE_BEFORE_CLOSE: the server closed after 30.0 s with nothing on the wire\n"), idle);
    }

    @Test
    void refusedAndUnansweredConnectsNameTheirErrors() {
        String refused = render(Fixtures.refused(1));
        assertTrue(refused.contains("Java     java.net.ConnectException: Connection refused"), refused);
        assertTrue(refused.contains("Windows  WSAECONNREFUSED (10061)"), refused);
        String timedOut = render(Fixtures.synUnanswered(1));
        assertTrue(timedOut.contains("SYN_UNANSWERED\n"), "no closed_by when nobody closed:\n" + timedOut);
        assertTrue(timedOut.contains("java.net.SocketTimeoutException: Connect timed out"), timedOut);
        assertTrue(timedOut.contains("C        errno 110 ETIMEDOUT"), timedOut);
    }

    @Test
    void storiesFollowTheTableAndTheFileSummaryComesLast() {
        String text = render(Spool.DEFAULT_MEMORY_BYTES, Fixtures.input("a.pcap"),
                List.of(Fixtures.refused(1), Fixtures.orderly(2)));
        int secondLine = text.indexOf("   #2  ");
        int story = text.indexOf("\n#1  ");
        int summary = text.indexOf("\na.pcap: ");
        assertTrue(secondLine > 0 && story > secondLine && summary > story, text);
        assertTrue(text.endsWith("\na.pcap: pcap (EN10MB), 12 frames, 10 TCP, skipped 2 non-TCP, 0 malformed, 0 truncated;"
                + " 2 connections listed, 1 problem\n"), text);
    }

    @Test
    void incompleteFileSaysWhereReadingStopped() {
        String text = render(Spool.DEFAULT_MEMORY_BYTES, Fixtures.incomplete("b.pcapng", "b.pcapng: byte 4096: garbage"),
                List.of(Fixtures.orderly(1)));
        assertTrue(text.endsWith("b.pcapng: incomplete, reading stopped: byte 4096: garbage\n"), text);
    }

    @Test
    void fileThatIsNotACaptureIsReportedAsNotAnalyzed() {
        InputReport notRead = new InputReport("x.pcap", null, List.of(), 0, 0, 0, 0, 0, false, "x.pcap: byte 0: bad magic");
        String text = render(Spool.DEFAULT_MEMORY_BYTES, notRead, List.of());
        assertEquals("\nx.pcap: not analyzed: byte 0: bad magic\n", text);
    }

    @Test
    void spilledStoriesReadTheSameAsStoriesKeptInMemory() {
        List<ConnectionReport> many = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            many.add(Fixtures.connection(i, DiagnosisCode.values()[i % DiagnosisCode.values().length]));
        }
        String kept = render(Spool.DEFAULT_MEMORY_BYTES, Fixtures.input("a.pcap"), many);
        String spilled = render(100, Fixtures.input("a.pcap"), many);
        assertEquals(kept, spilled);
        assertFalse(kept.isEmpty());
    }

    @Test
    void everyAnnotationTcpwhyAddsIsPutInWords() {
        List<Annotation> added = List.of(
                new Annotation.RstFromMiddlebox(Side.SERVER, 8, List.of("its TTL/hop limit is 52 where every earlier"
                        + " segment of the server arrived with 61")),
                new Annotation.FramesDropped(3), new Annotation.LateSegments(12), new Annotation.Evicted(16384));
        List<String> words = added.stream().map(a -> TextReport.describe(a, 6)).toList();
        assertTrue(words.get(0).contains("frame 8") && words.get(0).contains("TTL/hop limit is 52"), words.get(0));
        assertTrue(words.get(1).startsWith("the capture lost 3 frames"), words.get(1));
        assertTrue(words.get(2).contains("ended at frame 12"), words.get(2));
        assertTrue(words.get(3).contains("more than 16384 connections"), words.get(3));
    }
}
