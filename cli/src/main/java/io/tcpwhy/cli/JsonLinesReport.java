package io.tcpwhy.cli;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.report.ReportWriter;
import java.io.Writer;

/**
 * {@code capture --format jsonl} (and {@code json}): one CONNECTION object per line, written
 * the moment the connection is explained and pushed out at the next {@link #flush()}, which
 * the capture calls as soon as its analysis has caught up with the frames (within
 * milliseconds), so that {@code jq} or a script reads each as it comes. A line is not
 * flushed on its own: at thousands of connections a second a write(2) per line cost more
 * than writing the line. The lines are {@code analyze --format jsonl}'s
 * ({@link io.tcpwhy.report.JsonLinesReport}), in UTF-8 bytes under standard output's writer
 * when it has them ({@link BytePrintWriter}), as {@code analyze} writes JSON. Nothing else
 * goes to this output: the input's statistics go to stderr.
 */
final class JsonLinesReport implements ReportWriter {

    private final io.tcpwhy.report.JsonLinesReport lines;

    JsonLinesReport(Writer out) {
        this.lines = out instanceof BytePrintWriter stdout
                ? new io.tcpwhy.report.JsonLinesReport(stdout.bytes(), false)
                : new io.tcpwhy.report.JsonLinesReport(out, false);
    }

    @Override
    public void startInput(String path) {
        // A live capture has one input; its statistics are not data.
    }

    @Override
    public void connection(ConnectionReport report) {
        lines.connection(report);
    }

    /** Pushes the lines written so far out to the reader, whole lines only. */
    void flush() {
        lines.flush();
    }

    @Override
    public void endInput(InputReport input) {
        // Statistics go to stderr, not between the data lines.
    }

    @Override
    public void finish() {
        flush();
    }

    @Override
    public void close() {
        lines.close();
    }
}
