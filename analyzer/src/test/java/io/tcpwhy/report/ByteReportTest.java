package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ReportFormat#open(java.io.OutputStream, java.nio.charset.Charset, ReportOptions)}: reports as bytes. */
class ByteReportTest {

    private static final List<ConnectionReport> CONNECTIONS = List.of(Fixtures.orderly(1), Fixtures.rstUnreadData(2),
            Fixtures.refused(3));

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void bytesAreTheWritersTextInUtf8(ReportFormat format) {
        StringWriter chars = new StringWriter();
        try (ReportWriter r = format.open(chars, ReportOptions.DEFAULT)) {
            feed(r, true);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ReportWriter r = format.open(bytes, StandardCharsets.UTF_8, ReportOptions.DEFAULT)) {
            feed(r, true);
        }
        assertEquals(withoutClock(chars.toString()), withoutClock(bytes.toString(StandardCharsets.UTF_8)));
    }

    /** Stories past the memory limit go through a temporary file and come back as they were written. */
    @Test
    void spilledTextStoriesReadAsTheWritersText() {
        StringWriter chars = new StringWriter();
        try (ReportWriter r = new TextReport(chars, 64, false, ReportOptions.DEFAULT)) {
            feed(r, true);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ReportWriter r = new TextReport(bytes, StandardCharsets.UTF_8, 64, false, ReportOptions.DEFAULT)) {
            feed(r, true);
        }
        assertTrue(chars.toString().contains("RST_UNREAD_DATA, closed by the server"), chars.toString());
        assertEquals(chars.toString(), bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * Charsets the text is not built in directly (a two-byte one, a Windows code page) go
     * through a writer: the same text, spilled stories included.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"UTF-16", "windows-1252", "ISO-8859-1", "US-ASCII"})
    void textInAnyCharsetReadsAsTheWritersText(String name) {
        java.nio.charset.Charset charset = java.nio.charset.Charset.forName(name);
        StringWriter chars = new StringWriter();
        try (ReportWriter r = new TextReport(chars, 64, false, ReportOptions.DEFAULT)) {
            feed(r, true);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ReportWriter r = new TextReport(bytes, charset, 64, false, ReportOptions.DEFAULT)) {
            feed(r, true);
        }
        String expected = new String(chars.toString().getBytes(charset), charset);
        assertEquals(expected, new String(bytes.toByteArray(), charset));
    }

    /** A run cut short (a damaged file, a failed write) still leaves what was reported before it. */
    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void closingWithoutFinishStillWritesWhatWasReported(ReportFormat format) {
        StringWriter chars = new StringWriter();
        try (ReportWriter r = format.open(chars, ReportOptions.DEFAULT)) {
            feed(r, false);
            chars.flush();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ReportWriter r = format.open(bytes, StandardCharsets.UTF_8, ReportOptions.DEFAULT)) {
            feed(r, false);
        }
        assertTrue(bytes.size() > 0, format + " wrote nothing before close");
        assertEquals(withoutClock(chars.toString()), withoutClock(bytes.toString(StandardCharsets.UTF_8)));
    }

    /** JSON is UTF-8 (RFC 8259 §8.1) whatever the terminal's charset; text is in the terminal's. */
    @Test
    void jsonIsUtf8EvenWhenTextIsAscii() {
        // A refusal whose outcome cites a section sign, as the diagnosis's RFC citations do.
        ConnectionReport c = new Fixtures.Builder(3, DiagnosisCode.REFUSED, Side.SERVER)
                .segment(1, 0.0, Side.CLIENT, "S", 0, -1, 0)
                .segment(2, 0.0001, Side.SERVER, "R.", 0, 1, 0)
                .change(Side.CLIENT, TcpState.SYN_SENT, 1).change(Side.CLIENT, TcpState.CLOSED, 2)
                .outcome(Side.CLIENT, SocketCall.CONNECT, CallResult.ECONNREFUSED, 2, "RFC 9293 \u00a7 2.17")
                .zeek("REJ", "Sr").states(TcpState.CLOSED, TcpState.CLOSED).frames(1, 2).build();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (ReportWriter r = ReportFormat.JSONL.open(json, StandardCharsets.US_ASCII, ReportOptions.DEFAULT)) {
            r.connection(c);
            r.finish();
        }
        assertTrue(json.toString(StandardCharsets.UTF_8).contains("\u00a7 2.17"), json.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (ReportWriter r = ReportFormat.TEXT.open(text, StandardCharsets.US_ASCII, ReportOptions.DEFAULT)) {
            r.startInput("a.pcap");
            r.connection(c);
            r.endInput(Fixtures.input("a.pcap"));
            r.finish();
        }
        assertTrue(text.toString(StandardCharsets.US_ASCII).contains("? 2.17"), text.toString(StandardCharsets.US_ASCII));
    }

    private static void feed(ReportWriter r, boolean finish) {
        r.startInput("a.pcap");
        CONNECTIONS.forEach(r::connection);
        if (finish) {
            r.endInput(Fixtures.input("a.pcap"));
            r.finish();
        }
    }

    /** conn.log stamps {@code #open} and {@code #close} with the wall clock. */
    private static String withoutClock(String text) {
        return text.replaceAll("(?m)^#(open|close)\t.*$", "#clock");
    }
}
