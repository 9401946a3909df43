package io.tcpwhy.report;

import java.io.Writer;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The output formats of {@code --format}, by their command-line names. */
public enum ReportFormat {
    TEXT("text"),
    JSON("json");

    private final String wire;

    ReportFormat(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** A new report in this format, written to {@code out}. */
    public ReportWriter open(Writer out) {
        return this == TEXT ? new TextReport(out, Spool.DEFAULT_MEMORY_CHARS) : new JsonReport(out, Spool.DEFAULT_MEMORY_CHARS);
    }

    public static ReportFormat fromWire(String wire) {
        for (ReportFormat f : values()) {
            if (f.wire.equals(wire)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + wire + "' (expected "
                + Arrays.stream(values()).map(ReportFormat::wire).collect(Collectors.joining(" or ")) + ")");
    }
}
