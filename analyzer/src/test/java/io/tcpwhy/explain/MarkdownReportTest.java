package io.tcpwhy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    private static final Pattern MERMAID_BLOCK = Pattern.compile("```mermaid\n(.*?)```", Pattern.DOTALL);

    private static Explanation goReset() throws Exception {
        ErrorLine e = ErrorLine.parse("read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer");
        return Explainer.explain(ConnectionSearch.search(new Query(e, null, -1, null, null),
                List.of(Fixtures.of(DiagnosisCode.RST_UNREAD_DATA))), e);
    }

    static List<String> mermaidBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = MERMAID_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void reportHasSummaryExplanationLadderEvidenceAndTimeline() throws Exception {
        String md = MarkdownReport.render(goReset());
        assertTrue(md.startsWith("### tcpwhy: Why did the server's read fail with ECONNRESET? (`RST_UNREAD_DATA`)\n\n"
                + "**Summary:** The server (10.0.0.5:20003) got ECONNRESET because the client"), md);
        assertTrue(md.contains("| error | ` read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer ` (Go) |"), md);
        assertTrue(md.contains("| logged by | the server (10.0.0.5:20003) |"), md);
        assertTrue(md.contains("- **Which segment:** frame 8 at 2019-05-30T16:35:45.269000Z (+1.014 s), client → server,"
                + " flags `R.`, seq 15, ack 40\n"), md);
        assertTrue(md.contains("- **What the capture cannot decide:** "), md);
        assertEquals(1, mermaidBlocks(md).size());
        assertTrue(md.contains("| 8 | 2019-05-30T16:35:45.269000Z | client | `R.` | 15 | 40 | 0 | 65535 |\n"), md);
        assertTrue(md.contains("| server | `CLOSED` | 8 | 2019-05-30T16:35:45.269000Z |\n"), md);
    }

    @Test
    void evidenceTableKeepsTheDiagnosisFramesAndControlSegmentsOnly() throws Exception {
        String md = MarkdownReport.render(goReset());
        String evidence = md.substring(md.indexOf("#### Evidence"), md.indexOf("#### State timeline"));
        assertTrue(evidence.contains("| 6 |"), "the unread reply is evidence: " + evidence);
        assertFalse(evidence.contains("| 5 |"), "a bare ACK is not: " + evidence);
    }

    @Test
    void tableCellsAndTextEscapeMarkdown() {
        assertEquals("a \\| b", MarkdownReport.cell("a | b"));
        assertEquals("\\*x\\* &lt;b> \\_y\\_", MarkdownReport.text("*x* <b> _y_"));
        assertEquals("`` a ` b ``", MarkdownReport.code("a ` b"));
    }

    @Test
    void analyzeMarkdownWritesOneReportPerProblemConnectionOnly() throws Exception {
        List<ConnectionReport> reports = List.of(
                Fixtures.of(DiagnosisCode.ORDERLY, "10.0.0.9:1000", Fixtures.SERVER, 1, 0),
                Fixtures.of(DiagnosisCode.RST_AFTER_CLOSE, "10.0.0.9:1001", Fixtures.SERVER, 2, 20),
                Fixtures.of(DiagnosisCode.REFUSED, "10.0.0.9:1002", "10.0.0.5:8080", 3, 40));
        StringWriter out = new StringWriter();
        MarkdownReport.writeProblems(reports, out);
        String md = out.toString();
        assertEquals(2, mermaidBlocks(md).size());
        assertTrue(md.contains("(`RST_AFTER_CLOSE`)"), md);
        assertTrue(md.contains("(`REFUSED`)"), md);
        assertFalse(md.contains("(`ORDERLY`)"), md);
        assertTrue(md.contains("\n---\n"), md);
    }

    @Test
    void streamingProblemsCountsTheReportsItWrote() throws Exception {
        StringWriter out = new StringWriter();
        MarkdownReport.Problems problems = new MarkdownReport.Problems(out);
        problems.add(Fixtures.of(DiagnosisCode.OPEN));
        problems.add(Fixtures.of(DiagnosisCode.RST_ABORT));
        assertEquals(1, problems.finish());
        assertEquals(1, mermaidBlocks(out.toString()).size());
    }

    @Test
    void analyzeMarkdownWithoutProblemsSaysSo() throws Exception {
        StringWriter out = new StringWriter();
        MarkdownReport.writeProblems(List.of(Fixtures.of(DiagnosisCode.ORDERLY)), out);
        assertEquals("No problem connections: of 1 connections, every one ended in order or was still open.\n",
                out.toString());
    }

    @Test
    void everyDiagnosisCodesMarkdownLadderParsesWithMermaid() throws Exception {
        MermaidCheck.assumeAvailable();
        List<String> blocks = new ArrayList<>();
        for (DiagnosisCode code : DiagnosisCode.values()) {
            blocks.addAll(mermaidBlocks(MarkdownReport.render(Explainer.explainProblem(Fixtures.of(code)))));
        }
        assertEquals(DiagnosisCode.values().length, blocks.size());
        assertEquals(List.of(), MermaidCheck.failures(blocks));
    }

    @Test
    void jsonCarriesTheReportsPartsAsFields() throws Exception {
        StringWriter out = new StringWriter();
        ExplainFormat.JSON.write(goReset(), out);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("server", j.get("logged_by").asText());
        assertEquals("ECONNRESET", j.get("result").asText());
        assertEquals("read", j.get("call").asText());
        assertEquals("go", j.get("error").get("runtime").asText());
        assertEquals("10.0.0.5:20003", j.get("error").get("local").asText());
        assertEquals(8, j.get("cause_segment").get("frame").asInt());
        assertEquals("R.", j.get("cause_segment").get("flags").asText());
        assertEquals("RST_UNREAD_DATA", j.get("connection").get("diagnosis").get("code").asText());
        assertTrue(j.get("ladder").asText().startsWith("sequenceDiagram\n"));
        assertTrue(j.get("advice").size() >= 2);
        assertTrue(j.get("undecided").isTextual());
        assertTrue(j.get("mismatch").isNull());
        assertEquals(6, j.get("timeline").size());
    }

    @Test
    void textNamesTheSegmentAndTheAdvice() throws Exception {
        StringWriter out = new StringWriter();
        ExplainFormat.TEXT.write(goReset(), out);
        String t = out.toString();
        assertTrue(t.startsWith("Why did the server's read fail with ECONNRESET?\nThe server (10.0.0.5:20003) got"), t);
        assertTrue(t.contains("segment     client -> server frame 8 +1.014s RST [R.] seq=15 ack=40 at"), t);
        assertTrue(t.contains("What to change:\n  - The client: read until EOF"), t);
    }

    @Test
    void noMatchListsTheNearestConnections() throws Exception {
        ErrorLine e = ErrorLine.parse("read tcp 10.0.0.5:20003->10.0.0.9:1: read: connection reset by peer");
        ConnectionSearch.Result r = ConnectionSearch.search(new Query(e, null, -1, null, null),
                List.of(Fixtures.of(DiagnosisCode.ORDERLY)));
        StringWriter out = new StringWriter();
        ExplainFormat.TEXT.writeNoMatch("no connection fits", r.nearest(), out);
        assertEquals("no connection fits\nNearest connections:\n"
                + "  #1 10.0.0.9:56795 -> 10.0.0.5:20003 ORDERLY, 2019-05-30T16:35:44.255000Z\n", out.toString());
    }
}
