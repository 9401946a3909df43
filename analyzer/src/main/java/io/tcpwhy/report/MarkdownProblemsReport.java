package io.tcpwhy.report;

import io.tcpwhy.explain.MarkdownReport;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * {@code analyze --format markdown}: the report {@code tcpwhy explain} writes for a
 * ticket, once for every problem connection, streamed as each arrives; orderly and open
 * connections are counted, not shown.
 */
final class MarkdownProblemsReport implements ReportWriter {

    private final Writer out;
    private final MarkdownReport.Problems problems;

    MarkdownProblemsReport(Writer out) {
        this.out = out;
        this.problems = new MarkdownReport.Problems(out);
    }

    @Override
    public void startInput(String path) {
        // The per-connection reports name their endpoints; the file is named in endInput.
    }

    @Override
    public void connection(ConnectionReport report) {
        try {
            problems.add(report);
        } catch (IOException e) {
            throw new ReportException("cannot write the report: " + e.getMessage(), e);
        }
    }

    @Override
    public void endInput(InputReport input) {
        if (!input.complete() && input.error() != null) {
            write("\n> **Incomplete capture:** " + input.error() + "\n");
        }
    }

    @Override
    public void finish() {
        try {
            problems.finish();
        } catch (IOException e) {
            throw new ReportException("cannot write the report: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Nothing is spooled: each problem's report is written as it arrives.
        TextReport.flushOnClose(out, "report");
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new ReportException("cannot write the report: " + e.getMessage(), new UncheckedIOException(e));
        }
    }
}
