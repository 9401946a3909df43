package io.tcpwhy.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.tcpwhy.decode.Tunnel;
import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.Timestamps;
import io.tcpwhy.model.ZeekRecord;
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
            writeConnection(g, report);
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
     * {@code g} has (none: one line, as JSON lines need).
     */
    public static void writeConnection(JsonGenerator g, ConnectionReport c) throws IOException {
        int digits = c.timestampDigits();
        g.writeStartObject();
        g.writeNumberField("id", c.id());
        g.writeStringField("client", c.client().toString());
        g.writeStringField("server", c.server().toString());
        g.writeBooleanField("roles_inferred", c.rolesInferred());
        g.writeNumberField("first_frame", c.firstFrame());
        g.writeNumberField("last_frame", c.lastFrame());
        g.writeStringField("start", Timestamps.iso(c.startNanos(), digits));
        g.writeStringField("end", Timestamps.iso(c.endNanos(), digits));
        g.writeObjectFieldStart("bytes");
        g.writeNumberField("client", c.clientBytes());
        g.writeNumberField("server", c.serverBytes());
        g.writeEndObject();
        g.writeObjectFieldStart("zeek");
        g.writeStringField("conn_state", c.zeek().connState());
        g.writeStringField("history", c.zeek().history());
        g.writeEndObject();
        // Extension (docs/json.md): every record Zeek logs for this socket pair.
        g.writeArrayFieldStart("zeek_records");
        for (ZeekRecord z : c.zeekRecords()) {
            g.writeStartObject();
            g.writeStringField("conn_state", z.connState());
            g.writeStringField("history", z.history());
            g.writeStringField("start", Timestamps.iso(z.startNanos(), digits));
            g.writeNumberField("first_frame", z.firstFrame());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("states");
        g.writeStringField("client", c.clientState().wire());
        g.writeStringField("server", c.serverState().wire());
        g.writeEndObject();
        g.writeArrayFieldStart("timeline");
        for (StateChange s : c.timeline()) {
            g.writeStartObject();
            g.writeStringField("side", s.side().wire());
            g.writeStringField("state", s.state().wire());
            g.writeNumberField("frame", s.frame());
            g.writeStringField("time", Timestamps.iso(s.timeNanos(), digits));
            g.writeEndObject();
        }
        g.writeEndArray();
        writeDiagnosis(g, c.diagnosis());
        g.writeArrayFieldStart("annotations");
        for (Annotation a : c.annotations()) {
            writeAnnotation(g, a, digits);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("outcomes");
        for (Outcome o : c.outcomes()) {
            g.writeStartObject();
            g.writeStringField("side", o.side().wire());
            g.writeStringField("call", o.call().wire());
            g.writeStringField("result", o.result().name());
            g.writeNumberField("frame", o.frame());
            g.writeStringField("why", o.why());
            g.writeEndObject();
        }
        g.writeEndArray();
        // Extension (docs/json.md): the segments behind ladders and evidence tables.
        g.writeArrayFieldStart("segments");
        for (SegmentEvidence s : c.segments()) {
            g.writeStartObject();
            g.writeNumberField("frame", s.frame());
            g.writeStringField("time", Timestamps.iso(s.timeNanos(), digits));
            g.writeStringField("side", s.from().wire());
            g.writeStringField("flags", s.flags());
            writeRelative(g, "seq", s.relSeq());
            writeRelative(g, "ack", s.relAck());
            g.writeNumberField("len", s.payloadLength());
            g.writeNumberField("win", s.window());
            g.writeEndObject();
        }
        g.writeEndArray();
        // Extension (docs/json.md): the tunnel the connection arrived in, outer endpoints.
        g.writeFieldName("tunnel");
        writeTunnel(g, c.tunnel());
        g.writeEndObject();
    }

    private static void writeTunnel(JsonGenerator g, Tunnel t) throws IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("type", t.type().wireName());
        g.writeStringField("source", t.source().toString());
        g.writeStringField("destination", t.destination().toString());
        g.writeFieldName("enclosing");
        writeTunnel(g, t.enclosing());
        g.writeEndObject();
    }

    private static void writeDiagnosis(JsonGenerator g, Diagnosis d) throws IOException {
        g.writeObjectFieldStart("diagnosis");
        g.writeStringField("code", d.code().name());
        g.writeStringField("closed_by", wire(d.closedBy()));
        g.writeStringField("summary", d.summary());
        g.writeStringField("detail", d.detail());
        g.writeArrayFieldStart("frames");
        for (long f : d.frames()) {
            g.writeNumber(f);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeAnnotation(JsonGenerator g, Annotation a, int digits) throws IOException {
        g.writeStartObject();
        g.writeStringField("code", a.code().name());
        g.writeStringField("side", wire(a.side()));
        if (a instanceof Annotation.IdleBeforeClose idle) {
            g.writeNumberField("idle_s", seconds(idle.idleSeconds(), digits));
            g.writeBooleanField("awaiting_reply", idle.awaitingReply());
        } else if (a instanceof Annotation.CloseWaitHeld held) {
            g.writeNumberField("seconds", seconds(held.seconds(), digits));
        } else if (a instanceof Annotation.Retransmitted r) {
            g.writeStringField("flag", r.flag());
        } else if (a instanceof Annotation.RstFromMiddlebox m) {
            g.writeNumberField("frame", m.frame());
            g.writeArrayFieldStart("evidence");
            for (String e : m.evidence()) {
                g.writeString(e);
            }
            g.writeEndArray();
        } else if (a instanceof Annotation.FramesDropped d) {
            g.writeNumberField("frames", d.frames());
        } else if (a instanceof Annotation.LateSegments l) {
            g.writeNumberField("ended_at_frame", l.endedAtFrame());
        } else if (a instanceof Annotation.Evicted e) {
            g.writeNumberField("cap", e.cap());
        }
        g.writeEndObject();
    }

    /** -1 marks an unknown ISN or an absent ACK: null rather than a number that looks real. */
    private static void writeRelative(JsonGenerator g, String name, long value) throws IOException {
        if (value < 0) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    private static String wire(Side side) {
        return side == null ? null : side.wire();
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
