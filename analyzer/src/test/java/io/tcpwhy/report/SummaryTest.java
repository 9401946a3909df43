package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.net.Endpoint;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static String text(ReportOptions options, List<ConnectionReport> connections) {
        StringWriter out = new StringWriter();
        try (TextReport r = new TextReport(out, Spool.DEFAULT_MEMORY_BYTES, false, options)) {
            r.startInput("a.pcap");
            connections.forEach(r::connection);
            r.endInput(Fixtures.input("a.pcap"));
            r.finish();
        }
        return out.toString();
    }

    private static List<ConnectionReport> refusedThenOrderly(int refused, int orderly) {
        List<ConnectionReport> list = new ArrayList<>();
        for (int i = 1; i <= refused + orderly; i++) {
            list.add(i <= refused ? Fixtures.refused(i) : Fixtures.orderly(i));
        }
        return list;
    }

    @Test
    void groupsCountByDiagnosisServerAndSideWithSpanAndExampleIds() {
        Summary s = new Summary();
        refusedThenOrderly(1200, 3).forEach(s::add);
        String text = s.render();
        assertTrue(text.startsWith("\nSummary: 1,203 connections, 1,200 problems (2023-11-14 22:13:20 to 22:13:21 UTC)\n"),
                text);
        assertTrue(text.contains("\nBy diagnosis:\n  1,200 REFUSED (22:13:20; e.g. #1, #2)\n      3 ORDERLY "
                + "(22:13:20 to 22:13:21; e.g. #1201, #1202)\n"), text);
        assertTrue(text.contains("\nBy diagnosis and server:\n  1,200 REFUSED to 10.0.0.2:80 (22:13:20; e.g. #1, #2)\n"),
                text);
        assertTrue(text.contains("\nBy side that closed:\n"), text);
        assertTrue(text.contains("closed by the server"), text);
    }

    @Test
    void spansOverSeveralDatesCarryTheirDatesSoThatNoneReadsBackwards() {
        // Two files, three years apart (a generated capture and a fresh one): 22:13:20 then 11:47:35.
        long laterNanos = 3L * 365 * 86_400 * 1_000_000_000L - 37_545L * 1_000_000_000L;
        Summary s = new Summary();
        s.add(Fixtures.refused(1));
        s.add(Fixtures.refused(2));
        s.add(shifted(Fixtures.refused(3), laterNanos));
        s.add(shifted(Fixtures.orderly(4), laterNanos));
        String text = s.render();
        assertTrue(text.startsWith("\nSummary: 4 connections, 3 problems (2023-11-14 22:13:20 to 2026-11-13 11:47:36"
                + " UTC)\n"), text);
        assertTrue(text.contains("  3 REFUSED (2023-11-14 22:13:20 to 2026-11-13 11:47:35; e.g. #1, #2)\n"), text);
        assertTrue(text.contains("  1 ORDERLY (2026-11-13 11:47:35 to 11:47:36; e.g. #4)\n"), text);
    }

    @Test
    void aSummaryWithinOneDateWritesTimesOfDayWithTheDateOnceInTheFirstLine() {
        Summary s = new Summary();
        s.add(Fixtures.refused(1));
        s.add(Fixtures.orderly(2));
        String text = s.render();
        assertTrue(text.startsWith("\nSummary: 2 connections, 1 problem (2023-11-14 22:13:20 to 22:13:21 UTC)\n"), text);
        assertTrue(text.contains("  1 ORDERLY (22:13:20 to 22:13:21; e.g. #2)\n"), text);
    }

    private static ConnectionReport shifted(ConnectionReport c, long nanos) {
        return new ConnectionReport(c.id(), c.client(), c.server(), c.rolesInferred(), c.firstFrame(), c.lastFrame(),
                c.startNanos() + nanos, c.endNanos() + nanos, c.timestampDigits(), c.clientBytes(), c.serverBytes(),
                c.zeek(), c.zeekRecords(), c.clientState(), c.serverState(), c.timeline(), c.diagnosis(),
                c.annotations(), c.outcomes(), c.segments(), c.tunnel());
    }

    @Test
    void textEndsWithTheSummaryOnlyPastAScreenful() {
        assertFalse(text(ReportOptions.DEFAULT, refusedThenOrderly(2, TextReport.SCREENFUL - 2)).contains("\nSummary: "));
        String big = text(ReportOptions.DEFAULT, refusedThenOrderly(2, TextReport.SCREENFUL - 1));
        assertTrue(big.contains("\nSummary: 51 connections, 2 problems"), big);
        assertTrue(big.indexOf("\nSummary: ") > big.indexOf("a.pcap: pcap"), "after the file's line");
    }

    @Test
    void summaryOnlyPrintsNothingElse() {
        String text = text(ReportOptions.DEFAULT.withSummaryOnly(true), refusedThenOrderly(2, 1));
        assertTrue(text.startsWith("\nSummary: 3 connections, 2 problems"), text);
        assertFalse(text.contains("#1  "), text);
        assertFalse(text.contains("a.pcap"), text);
    }

    @Test
    void groupedStoriesTellOneStoryPerDiagnosisAndServerAndCountTheRest() {
        List<ConnectionReport> many = refusedThenOrderly(300, 0);
        String every = text(ReportOptions.DEFAULT, many);
        String grouped = text(ReportOptions.DEFAULT.withGroupStories(true), many);
        String storyStart = "\n#1  10.0.0.1:40000 -> 10.0.0.2:80  REFUSED";
        assertTrue(grouped.contains(storyStart), grouped);
        assertFalse(grouped.contains("\n#2  10.0.0.1:40000 -> 10.0.0.2:80  REFUSED"), "the second story is left out");
        assertTrue(every.contains("\n#2  10.0.0.1:40000 -> 10.0.0.2:80  REFUSED"), "without grouping every story");
        assertTrue(grouped.contains("\n299 stories left out: alike (same diagnosis, same server) to one told above"),
                grouped);
        assertTrue(grouped.contains("  300 REFUSED to 10.0.0.2:80 "), grouped);
        assertTrue(grouped.length() * 5 < every.length(), "grouping shrinks the output");
    }

    /** A diagnosis's connections alternating between servers each count under their own server. */
    @Test
    void interleavedServersOfOneDiagnosisAreCountedApart() {
        Summary s = new Summary();
        for (int i = 1; i <= 7; i++) {
            ConnectionReport c = Fixtures.refused(i);
            s.add(i % 3 == 0 ? toServer(c, Endpoint.parse("10.0.0.9:443")) : c);
        }
        String text = s.render();
        assertTrue(text.contains("  5 REFUSED to 10.0.0.2:80 (22:13:20; e.g. #1, #2)\n"), text);
        assertTrue(text.contains("  2 REFUSED to 10.0.0.9:443 (22:13:20; e.g. #3, #6)\n"), text);
    }

    private static ConnectionReport toServer(ConnectionReport c, Endpoint server) {
        return new ConnectionReport(c.id(), c.client(), server, c.rolesInferred(), c.firstFrame(), c.lastFrame(),
                c.startNanos(), c.endNanos(), c.timestampDigits(), c.clientBytes(), c.serverBytes(), c.zeek(),
                c.zeekRecords(), c.clientState(), c.serverState(), c.timeline(), c.diagnosis(), c.annotations(),
                c.outcomes(), c.segments(), c.tunnel());
    }

    @Test
    void countsAreGroupedByThousands() {
        assertEquals("14,237", Summary.count(14_237));
        assertEquals("7", Summary.count(7));
        assertEquals(DiagnosisCode.REFUSED, Fixtures.refused(1).diagnosis().code());
    }
}
