package io.tcpwhy.report;

import java.io.Writer;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The output formats of {@code --format}, by their command-line names. */
public enum ReportFormat {
    TEXT("text"),
    JSON("json"),
    /** The Markdown ticket report of {@code tcpwhy explain}, for every problem connection. */
    MARKDOWN("markdown");

    private final String wire;

    ReportFormat(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** A new report in this format, written to {@code out}. */
    public ReportWriter open(Writer out) {
        return switch (this) {
            case TEXT -> new TextReport(out, Spool.DEFAULT_MEMORY_CHARS);
            case JSON -> new JsonReport(out, Spool.DEFAULT_MEMORY_CHARS);
            case MARKDOWN -> new MarkdownProblemsReport(out);
        };
    }

    /**
     * A report for a live capture, whose connections arrive as they end over minutes or
     * hours: text tells each story right after its line instead of after the table.
     */
    public ReportWriter openLive(Writer out) {
        return this == TEXT ? new TextReport(out, Spool.DEFAULT_MEMORY_CHARS, true) : open(out);
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
