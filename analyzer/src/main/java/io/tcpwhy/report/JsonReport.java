package io.tcpwhy.report;

import static io.tcpwhy.report.JsonNames.COMPLETE;
import static io.tcpwhy.report.JsonNames.CONNECTIONS;
import static io.tcpwhy.report.JsonNames.ERROR;
import static io.tcpwhy.report.JsonNames.FORMAT;
import static io.tcpwhy.report.JsonNames.FRAMES;
import static io.tcpwhy.report.JsonNames.INPUT;
import static io.tcpwhy.report.JsonNames.LINK_TYPES;
import static io.tcpwhy.report.JsonNames.MALFORMED;
import static io.tcpwhy.report.JsonNames.NON_TCP;
import static io.tcpwhy.report.JsonNames.PATH;
import static io.tcpwhy.report.JsonNames.SKIPPED;
import static io.tcpwhy.report.JsonNames.TCP_FRAMES;
import static io.tcpwhy.report.JsonNames.TRUNCATED;

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
 * empty arrays as {@code []} (the shape {@code jq .} prints). The document is one
 * {@link JsonBytes} text: its {@code connections} array stays open while connections arrive.
 */
public final class JsonReport implements ReportWriter {

    /** The output gets blocks of about this size, written between connections. */
    static final int BLOCK_BYTES = 1 << 16;

    private final JsonBytes g;
    private final boolean flushEach;
    private final ConnectionJson connectionJson = new ConnectionJson();
    private final List<InputReport> inputs = new ArrayList<>();
    private boolean started;

    /**
     * @param flushEach flush after every connection: for a live capture, whose connections
     *                  arrive over minutes; a file's are written in blocks
     */
    JsonReport(Writer out, boolean pretty, boolean flushEach) {
        this(new JsonBytes(pretty, out), flushEach);
    }

    /**
     * UTF-8 bytes straight onto {@code out}: no char buffers and no encoder between the
     * JSON and the file. JSON exchanged between systems is UTF-8 (RFC 8259 §8.1), whatever
     * the platform's charset.
     */
    JsonReport(OutputStream out, boolean pretty, boolean flushEach) {
        this(new JsonBytes(pretty, out), flushEach);
    }

    private JsonReport(JsonBytes g, boolean flushEach) {
        this.g = g;
        this.flushEach = flushEach;
    }

    @Override
    public void startInput(String path) {
        // Nothing to write: an input's entry needs its totals, known at endInput.
    }

    @Override
    public void connection(ConnectionReport report) {
        try {
            start();
            connectionJson.write(g, report);
            if (flushEach) {
                g.flush();
            } else {
                g.drainOver(BLOCK_BYTES);
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
            start();
            g.endArray();
            g.name(INPUT);
            g.startArray();
            for (InputReport in : inputs) {
                writeInput(g, in);
            }
            g.endArray();
            g.endObject();
            g.newline();
            g.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON report: " + e.getMessage(), e);
        }
    }

    /** Writes what was reported so far, the document left open if {@link #finish} was not called. */
    @Override
    public void close() {
        try {
            g.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the JSON report: " + e.getMessage(), e);
        }
    }

    /** Opens the document and its connections array, once. */
    private void start() {
        if (!started) {
            started = true;
            g.startObject();
            g.name(CONNECTIONS);
            g.startArray();
        }
    }

    private static void writeInput(JsonBytes g, InputReport in) {
        g.startObject();
        g.name(PATH);
        g.string(in.path());
        g.name(FORMAT);
        g.string(in.format());
        g.name(LINK_TYPES);
        g.startArray();
        for (String t : in.linkTypes()) {
            g.string(t);
        }
        g.endArray();
        g.name(FRAMES);
        g.number(in.frames());
        g.name(TCP_FRAMES);
        g.number(in.tcpFrames());
        g.name(SKIPPED);
        g.startObject();
        g.name(NON_TCP);
        g.number(in.skippedNonTcp());
        g.name(MALFORMED);
        g.number(in.skippedMalformed());
        g.name(TRUNCATED);
        g.number(in.skippedTruncated());
        g.endObject();
        g.name(COMPLETE);
        g.bool(in.complete());
        g.name(ERROR);
        g.string(in.error());
        g.endObject();
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
