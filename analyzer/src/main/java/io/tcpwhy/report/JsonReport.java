package io.tcpwhy.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's {@code analyze --format json} document, streamed: each connection is
 * written as it arrives, so memory and disk do not grow with the number of connections.
 *
 * <p>Key order: {@code connections} first, then {@code input}. The {@code input} entries
 * (frame counts, {@code complete}, {@code error}) are known only once each file has been
 * read to its end, while connections arrive during the read; JSON objects are unordered
 * (RFC 8259 §4), so the contract's names stay and only the order moves (docs/json.md).
 * Holding the connections back to keep {@code input} first cost a temporary file the size
 * of the output (issue 12).
 *
 * <p>Layout: compact by default, one document on one line ending in a newline. With
 * {@code pretty}, two-space indentation, {@code "key": value}, one array element per line,
 * empty arrays as {@code []} (the shape {@code jq .} prints). The fixed skeleton around
 * the entries is written here; every value goes through Jackson's generator, which does
 * the escaping.
 */
public final class JsonReport implements ReportWriter {

    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Entries sit in an array in the document's top-level object: two levels deep. */
    private static final int ENTRY_LEVEL = 2;
    private static final String INDENT_UNIT = "  ";
    private static final String ENTRY_INDENT = INDENT_UNIT.repeat(ENTRY_LEVEL);

    private final JsonGenerator g;
    private final boolean pretty;
    private final boolean flushEach;
    private final ConnectionJson connectionJson = new ConnectionJson();
    private final List<InputReport> inputs = new ArrayList<>();
    private long connectionCount;

    /**
     * @param flushEach flush after every connection: for a live capture, whose connections
     *                  arrive over minutes; a file's are flushed as the buffer fills
     */
    JsonReport(Writer out, boolean pretty, boolean flushEach) {
        this(generator(out, pretty), pretty, flushEach);
    }

    /** UTF-8 bytes straight onto {@code out}: no char buffers and no encoder between Jackson and the file. */
    JsonReport(OutputStream out, boolean pretty, boolean flushEach) {
        this(generator(out, pretty), pretty, flushEach);
    }

    private JsonReport(JsonGenerator g, boolean pretty, boolean flushEach) {
        this.g = g;
        this.pretty = pretty;
        this.flushEach = flushEach;
    }

    @Override
    public void startInput(String path) {
        // Nothing to write: an input's entry needs its totals, known at endInput.
    }

    @Override
    public void connection(ConnectionReport report) {
        try {
            if (connectionCount == 0) {
                g.writeRaw(pretty ? "{\n" + INDENT_UNIT + "\"connections\": [" : "{\"connections\":[");
            }
            g.writeRaw(entrySeparator(connectionCount));
            connectionJson.write(g, report);
            connectionCount++;
            if (flushEach) {
                g.flush();
            }
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON report: " + e.getMessage(), e);
        }
    }

    @Override
    public void endInput(InputReport input) {
        inputs.add(input);
    }

    @Override
    public void finish() {
        try {
            if (connectionCount == 0) {
                g.writeRaw(pretty ? "{\n" + INDENT_UNIT + "\"connections\": [" : "{\"connections\":[");
            }
            g.writeRaw(arrayEnd(connectionCount) + (pretty ? ",\n" + INDENT_UNIT + "\"input\": [" : ",\"input\":["));
            for (int i = 0; i < inputs.size(); i++) {
                g.writeRaw(entrySeparator(i));
                writeInput(g, inputs.get(i));
            }
            g.writeRaw(arrayEnd(inputs.size()) + (pretty ? "\n}\n" : "}\n"));
            g.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON report: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            g.close();
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON report: " + e.getMessage(), e);
        }
    }

    private String entrySeparator(long index) {
        if (!pretty) {
            return index == 0 ? "" : ",";
        }
        return (index == 0 ? "\n" : ",\n") + ENTRY_INDENT;
    }

    private String arrayEnd(long count) {
        return count == 0 || !pretty ? "]" : "\n" + INDENT_UNIT + "]";
    }

    /** A generator that writes root-level values back to back: the skeleton around them supplies separators. */
    static JsonGenerator generator(Writer target, boolean pretty) {
        try {
            return configure(FACTORY.createGenerator(target), pretty);
        } catch (IOException e) {
            throw new ReportException("cannot start the JSON report: " + e.getMessage(), e);
        }
    }

    /**
     * The same over bytes: Jackson's UTF-8 generator, which encodes as it escapes. JSON
     * exchanged between systems is UTF-8 (RFC 8259 §8.1), whatever the platform's charset.
     */
    static JsonGenerator generator(OutputStream target, boolean pretty) {
        try {
            return configure(FACTORY.createGenerator(target, JsonEncoding.UTF8), pretty);
        } catch (IOException e) {
            throw new ReportException("cannot start the JSON report: " + e.getMessage(), e);
        }
    }

    private static JsonGenerator configure(JsonGenerator g, boolean pretty) {
        g.setRootValueSeparator(null);
        if (pretty) {
            g.setPrettyPrinter(prettyPrinter());
        }
        return g;
    }

    /** jq-like layout, shifted right so that root-level values print as entries of the document's arrays. */
    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("")
                .withRootSeparator("");
        DefaultPrettyPrinter.Indenter indenter = new DefaultPrettyPrinter.Indenter() {
            @Override
            public void writeIndentation(JsonGenerator g, int level) throws IOException {
                g.writeRaw("\n" + INDENT_UNIT.repeat(level + ENTRY_LEVEL));
            }

            @Override
            public boolean isInline() {
                return false;
            }
        };
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    static void writeInput(JsonGenerator g, InputReport in) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", in.path());
        g.writeStringField("format", in.format());
        g.writeArrayFieldStart("link_types");
        for (String t : in.linkTypes()) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeNumberField("frames", in.frames());
        g.writeNumberField("tcp_frames", in.tcpFrames());
        g.writeObjectFieldStart("skipped");
        g.writeNumberField("non_tcp", in.skippedNonTcp());
        g.writeNumberField("malformed", in.skippedMalformed());
        g.writeNumberField("truncated", in.skippedTruncated());
        g.writeEndObject();
        g.writeBooleanField("complete", in.complete());
        g.writeStringField("error", in.error());
        g.writeEndObject();
    }

    /**
     * The contract's CONNECTION object through {@code g}, laid out by whatever pretty printer
     * {@code g} has (none: one line, as JSON lines need). A writer of many connections keeps
     * one {@link ConnectionJson} instead, whose buffers this makes anew for each call.
     */
    public static void writeConnection(JsonGenerator g, ConnectionReport c) throws IOException {
        new ConnectionJson().write(g, c);
    }

    /**
     * Seconds at the capture's precision, plain decimal, at least one fraction digit so
     * that typed consumers always see a float: 30.0, 0.000125, never 1.25E-4.
     */
    static BigDecimal seconds(double value, int digits) {
        BigDecimal d = BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.scale() < 1 ? d.setScale(1) : d;
    }
}
