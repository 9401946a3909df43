package io.tcpwhy.report;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The output formats of {@code --format}, by their command-line names. */
public enum ReportFormat {
    TEXT("text"),
    JSON("json"),
    /** One compact CONNECTION per line, each written as its connection ends. */
    JSONL("jsonl"),
    /** Zeek's conn.log, one line per Zeek record, tcpwhy's verdict in extra columns. */
    CONN_LOG("conn-log"),
    /** The Markdown ticket report of {@code tcpwhy explain}, for every problem connection. */
    MARKDOWN("markdown");

    private final String wire;

    ReportFormat(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** A new report in this format, written to {@code out}, laid out as {@link ReportOptions#DEFAULT}. */
    public ReportWriter open(Writer out) {
        return open(out, ReportOptions.DEFAULT);
    }

    /** A new report in this format, written to {@code out}. */
    public ReportWriter open(Writer out, ReportOptions options) {
        return switch (this) {
            case TEXT -> new TextReport(out, Spool.DEFAULT_MEMORY_BYTES, false, options);
            case JSON -> new JsonReport(out, options.pretty(), options.flushEach());
            case JSONL -> new JsonLinesReport(out, options.flushEach());
            case CONN_LOG -> new ConnLogReport(out, Instant::now, options.flushEach());
            case MARKDOWN -> new MarkdownProblemsReport(out);
        };
    }

    /**
     * A new report in this format, written as bytes to {@code out}, which it flushes but
     * never closes: JSON and JSON lines as UTF-8 straight from Jackson's byte generator
     * (RFC 8259 §8.1), the text formats encoded in {@code textCharset}, the terminal's.
     * On a big capture the char layers of a {@link Writer} (buffer, encoder) were a tenth
     * of the JSON output's CPU (issue 12).
     */
    public ReportWriter open(OutputStream out, Charset textCharset, ReportOptions options) {
        return switch (this) {
            case JSON -> new JsonReport(out, options.pretty(), options.flushEach());
            case JSONL -> new JsonLinesReport(out, options.flushEach());
            case TEXT -> new TextReport(out, textCharset, Spool.DEFAULT_MEMORY_BYTES, false, options);
            case CONN_LOG, MARKDOWN -> open(new OutputStreamWriter(out, textCharset), options);
        };
    }

    /**
     * A report for a live capture, whose connections arrive as they end over minutes or
     * hours: text tells each story right after its line instead of after the table.
     */
    public ReportWriter openLive(Writer out) {
        ReportOptions live = ReportOptions.DEFAULT.withFlushEach(true);
        return this == TEXT ? new TextReport(out, Spool.DEFAULT_MEMORY_BYTES, true, live) : open(out, live);
    }

    public static ReportFormat fromWire(String wire) {
        for (ReportFormat f : values()) {
            if (f.wire.equals(wire)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + wire + "' (expected one of: "
                + Arrays.stream(values()).map(ReportFormat::wire).collect(Collectors.joining(", ")) + ")");
    }
}
