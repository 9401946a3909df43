package io.tcpwhy.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.report.JsonReport;
import io.tcpwhy.report.ReportException;
import io.tcpwhy.report.ReportWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code capture --format jsonl} (and {@code json}): one CONNECTION object per line, written
 * the moment the connection is explained and pushed out at the next {@link #flush()}, which
 * the capture calls as soon as its analysis has caught up with the frames (within
 * milliseconds), so that {@code jq} or a script reads each as it comes. A line is not
 * flushed on its own: at thousands of connections a second a write(2) per line cost more
 * than writing the line. The object is the contract's, rendered by {@link JsonReport#writeConnection}
 * with a generator that has no pretty printer. Nothing else goes to this output: the input's
 * statistics go to stderr.
 */
final class JsonLinesReport implements ReportWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final Writer out;
    private final JsonGenerator generator;

    JsonLinesReport(Writer out) {
        this.out = out;
        try {
            this.generator = FACTORY.createGenerator(out);
            // Lines, not Jackson's space-separated root values.
            this.generator.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new ReportException("cannot start the JSON lines: " + e.getMessage(), e);
        }
    }

    @Override
    public void startInput(String path) {
        // A live capture has one input; its statistics are not data.
    }

    @Override
    public void connection(ConnectionReport report) {
        try {
            JsonReport.writeConnection(generator, report);
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON lines: " + e.getMessage(), e);
        }
    }

    /** Pushes the lines written so far out to the reader, whole lines only. */
    void flush() {
        try {
            generator.flush();
            out.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON lines: " + e.getMessage(), e);
        }
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
        try {
            generator.close();
        } catch (IOException e) {
            throw new ReportException("cannot close the JSON lines: " + e.getMessage(), e);
        }
    }
}
