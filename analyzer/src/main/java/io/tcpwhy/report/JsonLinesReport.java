package io.tcpwhy.report;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * {@code analyze --format jsonl}: one compact CONNECTION object per line (the contract's
 * fields, as in {@code --format json}), written as each connection arrives, nothing held
 * back: for {@code jq -c}, log shippers and databases that take newline-delimited JSON.
 * The input totals are not part of the stream; a damaged or unreadable file is still
 * reported on stderr with exit status 3.
 *
 * <p>Also the lines of {@code capture --format jsonl}, which {@link #flush flushes} them
 * itself whenever its analysis has caught up with the frames.
 */
public final class JsonLinesReport implements ReportWriter {

    private final JsonBytes g;
    private final ConnectionJson connectionJson = new ConnectionJson();
    private final boolean flushEach;

    /** Lines decoded onto {@code out}, flushed after each one if {@code flushEach}. */
    public JsonLinesReport(Writer out, boolean flushEach) {
        this(new JsonBytes(false, out), flushEach);
    }

    /** UTF-8 bytes straight onto {@code out}, as {@link JsonReport}'s byte form. */
    public JsonLinesReport(OutputStream out, boolean flushEach) {
        this(new JsonBytes(false, out), flushEach);
    }

    private JsonLinesReport(JsonBytes g, boolean flushEach) {
        this.g = g;
        this.flushEach = flushEach;
    }

    @Override
    public void startInput(String path) {
        // Lines carry connections only.
    }

    @Override
    public void connection(ConnectionReport report) {
        connectionJson.write(g, report);
        g.newline();
        try {
            if (flushEach) {
                g.flush();
            } else {
                g.drainOver(JsonReport.BLOCK_BYTES);
            }
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON lines report: " + e.getMessage(), e);
        }
    }

    @Override
    public void endInput(InputReport input) {
        // Lines carry connections only; the input's errors go to stderr.
    }

    /** Pushes the lines written so far out to the reader, whole lines only. */
    public void flush() {
        try {
            g.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON lines report: " + e.getMessage(), e);
        }
    }

    @Override
    public void finish() {
        flush();
    }

    @Override
    public void close() {
        flush();
    }
}
