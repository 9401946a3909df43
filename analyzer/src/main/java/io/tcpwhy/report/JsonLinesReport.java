package io.tcpwhy.report;

import com.fasterxml.jackson.core.JsonGenerator;
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
 */
final class JsonLinesReport implements ReportWriter {

    private final JsonGenerator g;
    private final ConnectionJson connectionJson = new ConnectionJson();
    private final boolean flushEach;

    JsonLinesReport(Writer out, boolean flushEach) {
        this(JsonReport.generator(out, false), flushEach);
    }

    /** UTF-8 bytes straight onto {@code out}, as {@link JsonReport}'s byte form. */
    JsonLinesReport(OutputStream out, boolean flushEach) {
        this(JsonReport.generator(out, false), flushEach);
    }

    private JsonLinesReport(JsonGenerator g, boolean flushEach) {
        this.g = g;
        this.flushEach = flushEach;
    }

    @Override
    public void startInput(String path) {
        // Lines carry connections only.
    }

    @Override
    public void connection(ConnectionReport report) {
        try {
            connectionJson.write(g, report);
            g.writeRaw('\n');
            if (flushEach) {
                g.flush();
            }
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON lines report: " + e.getMessage(), e);
        }
    }

    @Override
    public void endInput(InputReport input) {
        // Lines carry connections only; the input's errors go to stderr.
    }

    @Override
    public void finish() {
        try {
            g.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON lines report: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            g.close();
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON lines report: " + e.getMessage(), e);
        }
    }
}
