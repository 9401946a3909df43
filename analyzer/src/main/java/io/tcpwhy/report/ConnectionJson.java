package io.tcpwhy.report;

import static io.tcpwhy.report.JsonNames.ACK;
import static io.tcpwhy.report.JsonNames.ANNOTATIONS;
import static io.tcpwhy.report.JsonNames.BYTES;
import static io.tcpwhy.report.JsonNames.CALL;
import static io.tcpwhy.report.JsonNames.CLIENT;
import static io.tcpwhy.report.JsonNames.CLOSED_BY;
import static io.tcpwhy.report.JsonNames.CODE;
import static io.tcpwhy.report.JsonNames.CONN_STATE;
import static io.tcpwhy.report.JsonNames.DETAIL;
import static io.tcpwhy.report.JsonNames.DIAGNOSIS;
import static io.tcpwhy.report.JsonNames.END;
import static io.tcpwhy.report.JsonNames.FIRST_FRAME;
import static io.tcpwhy.report.JsonNames.FLAGS;
import static io.tcpwhy.report.JsonNames.FRAME;
import static io.tcpwhy.report.JsonNames.FRAMES;
import static io.tcpwhy.report.JsonNames.HISTORY;
import static io.tcpwhy.report.JsonNames.ID;
import static io.tcpwhy.report.JsonNames.LAST_FRAME;
import static io.tcpwhy.report.JsonNames.LEN;
import static io.tcpwhy.report.JsonNames.OUTCOMES;
import static io.tcpwhy.report.JsonNames.RESULT;
import static io.tcpwhy.report.JsonNames.ROLES_INFERRED;
import static io.tcpwhy.report.JsonNames.SEGMENTS;
import static io.tcpwhy.report.JsonNames.SEQ;
import static io.tcpwhy.report.JsonNames.SERVER;
import static io.tcpwhy.report.JsonNames.SIDE;
import static io.tcpwhy.report.JsonNames.START;
import static io.tcpwhy.report.JsonNames.STATE;
import static io.tcpwhy.report.JsonNames.STATES;
import static io.tcpwhy.report.JsonNames.SUMMARY;
import static io.tcpwhy.report.JsonNames.TIME;
import static io.tcpwhy.report.JsonNames.TIMELINE;
import static io.tcpwhy.report.JsonNames.TUNNEL;
import static io.tcpwhy.report.JsonNames.WHY;
import static io.tcpwhy.report.JsonNames.WIN;
import static io.tcpwhy.report.JsonNames.ZEEK;
import static io.tcpwhy.report.JsonNames.ZEEK_RECORDS;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.tcpwhy.decode.Tunnel;
import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.Timestamps;
import io.tcpwhy.model.ZeekRecord;
import java.io.IOException;
import java.util.List;

/**
 * The contract's CONNECTION object through a Jackson generator, laid out by whatever pretty
 * printer the generator has (none: one line, as JSON lines need).
 *
 * <p>One per report writer: timestamps and endpoints are formatted into buffers it keeps
 * and handed to the generator as chars, so a connection costs no temporary strings
 * beyond its prose. Names and enum values are {@link JsonNames}, encoded once.
 */
final class ConnectionJson {

    private final Timestamps.IsoText iso = new Timestamps.IsoText();
    private final EndpointText endpoint = new EndpointText();

    /**
     * The object in parts of a few dozen fields each: the JIT compiles each part on its
     * own, and a part that meets a new case (a longer list, a tunnel) is compiled again
     * alone. As one method it was the run's most expensive compilation, done three times.
     */
    void write(JsonGenerator g, ConnectionReport c) throws IOException {
        int digits = c.timestampDigits();
        g.writeStartObject();
        writeSummary(g, c, digits);
        writeZeekRecords(g, c.zeekRecords(), digits);
        writeStates(g, c, digits);
        writeDiagnosis(g, c.diagnosis());
        writeAnnotations(g, c.annotations(), digits);
        writeOutcomes(g, c.outcomes());
        writeSegments(g, c.segments(), digits);
        // Extension (docs/json.md): the tunnel the connection arrived in, outer endpoints.
        g.writeFieldName(TUNNEL);
        writeTunnel(g, c.tunnel());
        g.writeEndObject();
    }

    private void writeSummary(JsonGenerator g, ConnectionReport c, int digits) throws IOException {
        number(g, ID, c.id());
        g.writeFieldName(CLIENT);
        endpoint.write(g, c.client());
        g.writeFieldName(SERVER);
        endpoint.write(g, c.server());
        g.writeFieldName(ROLES_INFERRED);
        g.writeBoolean(c.rolesInferred());
        number(g, FIRST_FRAME, c.firstFrame());
        number(g, LAST_FRAME, c.lastFrame());
        time(g, START, c.startNanos(), digits);
        time(g, END, c.endNanos(), digits);
        g.writeFieldName(BYTES);
        g.writeStartObject();
        number(g, CLIENT, c.clientBytes());
        number(g, SERVER, c.serverBytes());
        g.writeEndObject();
        g.writeFieldName(ZEEK);
        g.writeStartObject();
        string(g, CONN_STATE, c.zeek().connState());
        string(g, HISTORY, c.zeek().history());
        g.writeEndObject();
    }

    /** Extension (docs/json.md): every record Zeek logs for this socket pair. */
    private void writeZeekRecords(JsonGenerator g, List<ZeekRecord> zeekRecords, int digits) throws IOException {
        g.writeFieldName(ZEEK_RECORDS);
        g.writeStartArray();
        for (int i = 0; i < zeekRecords.size(); i++) {
            ZeekRecord z = zeekRecords.get(i);
            g.writeStartObject();
            string(g, CONN_STATE, z.connState());
            string(g, HISTORY, z.history());
            time(g, START, z.startNanos(), digits);
            number(g, FIRST_FRAME, z.firstFrame());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void writeStates(JsonGenerator g, ConnectionReport c, int digits) throws IOException {
        g.writeFieldName(STATES);
        g.writeStartObject();
        value(g, CLIENT, JsonNames.of(c.clientState()));
        value(g, SERVER, JsonNames.of(c.serverState()));
        g.writeEndObject();
        g.writeFieldName(TIMELINE);
        g.writeStartArray();
        List<StateChange> timeline = c.timeline();
        for (int i = 0; i < timeline.size(); i++) {
            StateChange s = timeline.get(i);
            g.writeStartObject();
            value(g, SIDE, JsonNames.of(s.side()));
            value(g, STATE, JsonNames.of(s.state()));
            number(g, FRAME, s.frame());
            time(g, TIME, s.timeNanos(), digits);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeAnnotations(JsonGenerator g, List<Annotation> annotations, int digits)
            throws IOException {
        g.writeFieldName(ANNOTATIONS);
        g.writeStartArray();
        for (int i = 0; i < annotations.size(); i++) {
            writeAnnotation(g, annotations.get(i), digits);
        }
        g.writeEndArray();
    }

    private static void writeOutcomes(JsonGenerator g, List<Outcome> outcomes) throws IOException {
        g.writeFieldName(OUTCOMES);
        g.writeStartArray();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            g.writeStartObject();
            value(g, SIDE, JsonNames.of(o.side()));
            value(g, CALL, JsonNames.of(o.call()));
            value(g, RESULT, JsonNames.of(o.result()));
            number(g, FRAME, o.frame());
            string(g, WHY, o.why());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Extension (docs/json.md): the segments behind ladders and evidence tables. */
    private void writeSegments(JsonGenerator g, List<SegmentEvidence> segments, int digits) throws IOException {
        g.writeFieldName(SEGMENTS);
        g.writeStartArray();
        for (int i = 0; i < segments.size(); i++) {
            SegmentEvidence s = segments.get(i);
            g.writeStartObject();
            number(g, FRAME, s.frame());
            time(g, TIME, s.timeNanos(), digits);
            value(g, SIDE, JsonNames.of(s.from()));
            string(g, FLAGS, s.flags());
            relative(g, SEQ, s.relSeq());
            relative(g, ACK, s.relAck());
            number(g, LEN, s.payloadLength());
            number(g, WIN, s.window());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void writeTunnel(JsonGenerator g, Tunnel t) throws IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("type", t.type().wireName());
        g.writeFieldName("source");
        endpoint.write(g, t.source());
        g.writeFieldName("destination");
        endpoint.write(g, t.destination());
        g.writeFieldName("enclosing");
        writeTunnel(g, t.enclosing());
        g.writeEndObject();
    }

    private static void writeDiagnosis(JsonGenerator g, Diagnosis d) throws IOException {
        g.writeFieldName(DIAGNOSIS);
        g.writeStartObject();
        value(g, CODE, JsonNames.of(d.code()));
        if (d.closedBy() == null) {
            g.writeFieldName(CLOSED_BY);
            g.writeNull();
        } else {
            value(g, CLOSED_BY, JsonNames.of(d.closedBy()));
        }
        string(g, SUMMARY, d.summary());
        string(g, DETAIL, d.detail());
        g.writeFieldName(FRAMES);
        g.writeStartArray();
        List<Long> frames = d.frames();
        for (int i = 0; i < frames.size(); i++) {
            g.writeNumber(frames.get(i));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeAnnotation(JsonGenerator g, Annotation a, int digits) throws IOException {
        g.writeStartObject();
        value(g, CODE, JsonNames.of(a.code()));
        g.writeFieldName(SIDE);
        if (a.side() == null) {
            g.writeNull();
        } else {
            g.writeString(JsonNames.of(a.side()));
        }
        if (a instanceof Annotation.IdleBeforeClose idle) {
            g.writeNumberField("idle_s", JsonReport.seconds(idle.idleSeconds(), digits));
            g.writeBooleanField("awaiting_reply", idle.awaitingReply());
        } else if (a instanceof Annotation.CloseWaitHeld held) {
            g.writeNumberField("seconds", JsonReport.seconds(held.seconds(), digits));
        } else if (a instanceof Annotation.Retransmitted r) {
            g.writeStringField("flag", r.flag());
        } else if (a instanceof Annotation.RstFromMiddlebox m) {
            number(g, FRAME, m.frame());
            g.writeArrayFieldStart("evidence");
            for (String e : m.evidence()) {
                g.writeString(e);
            }
            g.writeEndArray();
        } else if (a instanceof Annotation.FramesDropped d) {
            number(g, FRAMES, d.frames());
        } else if (a instanceof Annotation.LateSegments l) {
            g.writeNumberField("ended_at_frame", l.endedAtFrame());
        } else if (a instanceof Annotation.Evicted e) {
            g.writeNumberField("cap", e.cap());
        }
        g.writeEndObject();
    }

    private void time(JsonGenerator g, SerializableString name, long nanos, int digits) throws IOException {
        g.writeFieldName(name);
        g.writeString(iso.chars(), 0, iso.format(nanos, digits));
    }

    private static void number(JsonGenerator g, SerializableString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void string(JsonGenerator g, SerializableString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void value(JsonGenerator g, SerializableString name, SerializableString value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    /** -1 marks an unknown ISN or an absent ACK: null rather than a number that looks real. */
    private static void relative(JsonGenerator g, SerializableString name, long value) throws IOException {
        g.writeFieldName(name);
        if (value < 0) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }
}
