package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.InputReport;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String render(boolean pretty, List<InputReport> inputs, List<List<ConnectionReport>> perInput) {
        StringWriter out = new StringWriter();
        try (JsonReport r = new JsonReport(out, pretty, false)) {
            for (int i = 0; i < inputs.size(); i++) {
                r.startInput(inputs.get(i).path());
                perInput.get(i).forEach(r::connection);
                r.endInput(inputs.get(i));
            }
            r.finish();
        }
        return out.toString();
    }

    private static JsonNode parse(List<ConnectionReport> connections) throws Exception {
        return MAPPER.readTree(render(false, List.of(Fixtures.input("a.pcap")), List.of(connections)));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void documentHasConnectionsThenInputSinceInputTotalsAreKnownOnlyAtTheEnd() throws Exception {
        JsonNode doc = parse(List.of(Fixtures.orderly(1)));
        assertEquals(List.of("connections", "input"), names(doc));
        assertTrue(doc.get("input").isArray());
        assertTrue(doc.get("connections").isArray());
    }

    @Test
    void inputEntryCarriesEveryContractFieldWithItsType() throws Exception {
        JsonNode in = parse(List.of()).get("input").get(0);
        assertEquals(List.of("path", "format", "link_types", "frames", "tcp_frames", "skipped", "complete", "error"), names(in));
        assertEquals("a.pcap", in.get("path").textValue());
        assertEquals("pcap", in.get("format").textValue());
        assertEquals("EN10MB", in.get("link_types").get(0).textValue());
        assertEquals(12, in.get("frames").longValue());
        assertEquals(10, in.get("tcp_frames").longValue());
        assertEquals(List.of("non_tcp", "malformed", "truncated"), names(in.get("skipped")));
        assertEquals(2, in.get("skipped").get("non_tcp").intValue());
        assertTrue(in.get("complete").isBoolean());
        assertTrue(in.get("error").isNull(), "a complete read has error null");
    }

    @Test
    void incompleteInputSaysWhatStoppedTheRead() throws Exception {
        String text = render(false, List.of(Fixtures.incomplete("b.pcapng", "b.pcapng: byte 4096: block length 3 (expected at least 12)")),
                List.of(List.of(Fixtures.orderly(1))));
        JsonNode in = MAPPER.readTree(text).get("input").get(0);
        assertFalse(in.get("complete").booleanValue());
        assertEquals("b.pcapng: byte 4096: block length 3 (expected at least 12)", in.get("error").textValue());
        assertEquals(2, in.get("link_types").size());
        assertEquals(1, MAPPER.readTree(text).get("connections").size(), "connections before the damage are kept");
    }

    @Test
    void connectionCarriesEveryContractFieldInOrderPlusZeekRecordsAndSegments() throws Exception {
        JsonNode c = parse(List.of(Fixtures.orderly(1))).get("connections").get(0);
        assertEquals(List.of("id", "client", "server", "roles_inferred", "first_frame", "last_frame", "start", "end",
                "bytes", "zeek", "zeek_records", "states", "timeline", "diagnosis", "annotations", "outcomes", "segments", "tunnel"), names(c));
        assertTrue(c.get("tunnel").isNull(), "no tunnel: null");
        assertEquals(1, c.get("id").intValue());
        JsonNode record = c.get("zeek_records").get(0);
        assertEquals(List.of("conn_state", "history", "start", "first_frame"), names(record));
        assertEquals(c.get("zeek").get("conn_state"), record.get("conn_state"));
        assertEquals(c.get("first_frame"), record.get("first_frame"));
        assertEquals("10.0.0.1:40000", c.get("client").textValue());
        assertEquals("10.0.0.2:80", c.get("server").textValue());
        assertFalse(c.get("roles_inferred").booleanValue());
        assertEquals(1, c.get("first_frame").longValue());
        assertEquals(8, c.get("last_frame").longValue());
        assertEquals("2023-11-14T22:13:20.000000Z", c.get("start").textValue());
        assertEquals("2023-11-14T22:13:21.002000Z", c.get("end").textValue());
        assertEquals(List.of("client", "server"), names(c.get("bytes")));
        assertEquals(100, c.get("bytes").get("client").longValue());
        assertEquals(200, c.get("bytes").get("server").longValue());
        assertEquals("SF", c.get("zeek").get("conn_state").textValue());
        assertEquals("ShADadFf", c.get("zeek").get("history").textValue());
        assertEquals("TIME_WAIT", c.get("states").get("client").textValue());
        assertEquals("CLOSED", c.get("states").get("server").textValue());
    }

    @Test
    void timelineEntriesHaveSideStateFrameAndIsoTime() throws Exception {
        JsonNode t = parse(List.of(Fixtures.orderly(1))).get("connections").get(0).get("timeline");
        assertEquals(9, t.size());
        JsonNode first = t.get(0);
        assertEquals(List.of("side", "state", "frame", "time"), names(first));
        assertEquals("client", first.get("side").textValue());
        assertEquals("SYN_SENT", first.get("state").textValue());
        assertEquals(1, first.get("frame").longValue());
        assertEquals("2023-11-14T22:13:20.000000Z", first.get("time").textValue());
    }

    @Test
    void diagnosisHasCodeClosedBySummaryDetailAndEvidenceFrames() throws Exception {
        JsonNode d = parse(List.of(Fixtures.rstUnreadData(1))).get("connections").get(0).get("diagnosis");
        assertEquals(List.of("code", "closed_by", "summary", "detail", "frames"), names(d));
        assertEquals("RST_UNREAD_DATA", d.get("code").textValue());
        assertEquals("server", d.get("closed_by").textValue());
        assertEquals("Summary of RST_UNREAD_DATA.", d.get("summary").textValue());
        assertTrue(d.get("detail").textValue().startsWith("Detail of RST_UNREAD_DATA"));
        assertEquals(List.of(4L, 5L, 6L), List.of(d.get("frames").get(0).longValue(),
                d.get("frames").get(1).longValue(), d.get("frames").get(2).longValue()));
    }

    @Test
    void closedByIsNullWhenNeitherSideClosed() throws Exception {
        JsonNode d = parse(List.of(Fixtures.synUnanswered(1))).get("connections").get(0).get("diagnosis");
        assertTrue(d.has("closed_by"));
        assertTrue(d.get("closed_by").isNull());
    }

    @Test
    void idleBeforeCloseHasIdleSecondsAsFloatAndAwaitingReply() throws Exception {
        JsonNode a = parse(List.of(Fixtures.rstUnreadData(1))).get("connections").get(0).get("annotations").get(0);
        assertEquals(List.of("code", "side", "idle_s", "awaiting_reply"), names(a));
        assertEquals("IDLE_BEFORE_CLOSE", a.get("code").textValue());
        assertEquals("server", a.get("side").textValue());
        assertTrue(a.get("idle_s").isFloatingPointNumber(), "30 s is written 30.0, a float for typed consumers");
        assertEquals(30.0, a.get("idle_s").doubleValue());
        assertTrue(a.get("awaiting_reply").isBoolean());
    }

    @Test
    void closeWaitHeldHasSecondsAndRetransmittedHasFlag() throws Exception {
        JsonNode anns = parse(List.of(Fixtures.rstAfterClose(1))).get("connections").get(0).get("annotations");
        assertEquals(List.of("code", "side", "seconds"), names(anns.get(0)));
        assertEquals(4.5, anns.get(0).get("seconds").doubleValue());
        assertEquals(List.of("code", "side", "flag"), names(anns.get(1)));
        assertEquals("RETRANSMITTED", anns.get(1).get("code").textValue());
        assertEquals("client", anns.get(1).get("side").textValue());
        assertEquals("FIN", anns.get(1).get("flag").textValue());
    }

    @Test
    void connectionWideAnnotationsHaveNullSideAndSidedOnesTheirSide() throws Exception {
        JsonNode anns = parse(List.of(Fixtures.generic(1, DiagnosisCode.UNKNOWN))).get("connections").get(0).get("annotations");
        assertEquals("NO_HANDSHAKE", anns.get(0).get("code").textValue());
        assertTrue(anns.get(0).get("side").isNull());
        assertEquals(List.of("code", "side"), names(anns.get(0)));
        assertEquals("PORT_REUSE", anns.get(1).get("code").textValue());
        assertTrue(anns.get(1).get("side").isNull());
        assertEquals("ZERO_WINDOW", anns.get(2).get("code").textValue());
        assertEquals("server", anns.get(2).get("side").textValue());
        assertEquals("RST_OUT_OF_WINDOW", anns.get(3).get("code").textValue());
        assertEquals("client", anns.get(3).get("side").textValue());
    }

    @Test
    void outcomesHaveSideCallResultFrameAndWhy() throws Exception {
        JsonNode os = parse(List.of(Fixtures.rstAfterClose(1))).get("connections").get(0).get("outcomes");
        assertEquals(3, os.size());
        JsonNode epipe = os.get(2);
        assertEquals(List.of("side", "call", "result", "frame", "why"), names(epipe));
        assertEquals("server", epipe.get("side").textValue());
        assertEquals("write", epipe.get("call").textValue());
        assertEquals("EPIPE", epipe.get("result").textValue());
        assertEquals(7, epipe.get("frame").longValue());
        assertEquals("the client's RST arrived", epipe.get("why").textValue());
    }

    @Test
    void segmentsExtensionWritesUnknownSequenceNumbersAsNull() throws Exception {
        JsonNode segs = parse(List.of(Fixtures.generic(1, DiagnosisCode.OPEN))).get("connections").get(0).get("segments");
        JsonNode s = segs.get(0);
        assertEquals(List.of("frame", "time", "side", "flags", "seq", "ack", "len", "win"), names(s));
        assertEquals("client", s.get("side").textValue());
        assertEquals("P.", s.get("flags").textValue());
        assertTrue(s.get("seq").isNull());
        assertTrue(s.get("ack").isNull());
        assertEquals(10, s.get("len").intValue());
        assertEquals(65535, s.get("win").intValue());
        JsonNode synAck = parse(List.of(Fixtures.orderly(1))).get("connections").get(0).get("segments").get(1);
        assertEquals(0, synAck.get("seq").longValue());
        assertEquals(1, synAck.get("ack").longValue());
    }

    @Test
    void nanosecondCapturesWriteNineFractionDigits() throws Exception {
        ConnectionReport c = new Fixtures.Builder(1, DiagnosisCode.OPEN, null).digits(9)
                .segment(1, 0.000000123, io.tcpwhy.model.Side.CLIENT, "P.", 1, 1, 1)
                .change(io.tcpwhy.model.Side.CLIENT, io.tcpwhy.model.TcpState.ESTABLISHED, 1)
                .annotation(new io.tcpwhy.model.Annotation.IdleBeforeClose(io.tcpwhy.model.Side.CLIENT, 0.000000125, true))
                .build();
        JsonNode j = parse(List.of(c)).get("connections").get(0);
        assertEquals("2023-11-14T22:13:20.000000123Z", j.get("start").textValue());
        assertEquals("2023-11-14T22:13:20.000000123Z", j.get("timeline").get(0).get("time").textValue());
        assertEquals("0.000000125", j.get("annotations").get(0).get("idle_s").decimalValue().toPlainString());
    }

    @Test
    void manyFilesGiveOneInputEntryEachAndConnectionsInArrivalOrder() throws Exception {
        JsonNode doc = MAPPER.readTree(render(false,
                List.of(Fixtures.input("a.pcap"), Fixtures.input("b.pcap")),
                List.of(List.of(Fixtures.orderly(1), Fixtures.refused(2)), List.of(Fixtures.orderly(3)))));
        assertEquals(2, doc.get("input").size());
        assertEquals("b.pcap", doc.get("input").get(1).get("path").textValue());
        assertEquals(3, doc.get("connections").size());
        assertEquals(3, doc.get("connections").get(2).get("id").intValue());
    }

    @Test
    void noFilesGiveEmptyArraysNotAMissingKey() throws Exception {
        assertEquals("{\"connections\":[],\"input\":[]}\n", render(false, List.of(), List.of()));
        assertEquals("{\n  \"connections\": [],\n  \"input\": []\n}\n", render(true, List.of(), List.of()));
    }

    @Test
    void compactIsOneLineAndPrettyTheSameDocumentIndented() throws Exception {
        List<ConnectionReport> many = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            many.add(Fixtures.connection(i, DiagnosisCode.values()[i % DiagnosisCode.values().length]));
        }
        String compact = render(false, List.of(Fixtures.input("a.pcap")), List.of(many));
        String pretty = render(true, List.of(Fixtures.input("a.pcap")), List.of(many));
        assertEquals(1, compact.lines().count(), "compact JSON is one line");
        assertTrue(compact.endsWith("}\n"));
        assertTrue(pretty.lines().count() > 50 * 10, "pretty JSON has a line per value");
        assertEquals(MAPPER.readTree(compact), MAPPER.readTree(pretty));
    }

    @Test
    void prettyLayoutIsTwoSpaceIndentedWithConnectionsAsArrayEntries() {
        String text = render(true, List.of(Fixtures.input("a.pcap")), List.of(List.of(Fixtures.refused(1))));
        assertTrue(text.startsWith("{\n  \"connections\": [\n    {\n      \"id\": 1,\n"), text);
        assertTrue(text.contains("\n  \"input\": [\n    {\n      \"path\": \"a.pcap\",\n"), text);
        assertTrue(text.contains("\"annotations\": [],"), text);
        assertTrue(text.endsWith("\n    }\n  ]\n}\n"), text);
    }

    @Test
    void jsonLinesIsOneCompactConnectionPerLineWithTheDocumentsFields() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonLinesReport r = new JsonLinesReport(out, false)) {
            r.startInput("a.pcap");
            r.connection(Fixtures.orderly(1));
            r.connection(Fixtures.refused(2));
            r.endInput(Fixtures.input("a.pcap"));
            r.finish();
        }
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        JsonNode doc = parse(List.of(Fixtures.orderly(1), Fixtures.refused(2)));
        assertEquals(doc.get("connections").get(0), MAPPER.readTree(lines.get(0)));
        assertEquals(doc.get("connections").get(1), MAPPER.readTree(lines.get(1)));
        assertTrue(out.toString().endsWith("}\n"));
    }
}
