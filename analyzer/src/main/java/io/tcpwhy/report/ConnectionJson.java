package io.tcpwhy.report;

import static io.tcpwhy.report.JsonNames.ACK;
import static io.tcpwhy.report.JsonNames.ANNOTATIONS;
import static io.tcpwhy.report.JsonNames.AWAITING_REPLY;
import static io.tcpwhy.report.JsonNames.BYTES;
import static io.tcpwhy.report.JsonNames.CALL;
import static io.tcpwhy.report.JsonNames.CAP;
import static io.tcpwhy.report.JsonNames.CLIENT;
import static io.tcpwhy.report.JsonNames.CLOSED_BY;
import static io.tcpwhy.report.JsonNames.CODE;
import static io.tcpwhy.report.JsonNames.CONN_STATE;
import static io.tcpwhy.report.JsonNames.DESTINATION;
import static io.tcpwhy.report.JsonNames.DETAIL;
import static io.tcpwhy.report.JsonNames.DIAGNOSIS;
import static io.tcpwhy.report.JsonNames.ENCLOSING;
import static io.tcpwhy.report.JsonNames.END;
import static io.tcpwhy.report.JsonNames.ENDED_AT_FRAME;
import static io.tcpwhy.report.JsonNames.EVIDENCE;
import static io.tcpwhy.report.JsonNames.FIRST_FRAME;
import static io.tcpwhy.report.JsonNames.FLAG;
import static io.tcpwhy.report.JsonNames.FLAGS;
import static io.tcpwhy.report.JsonNames.FRAME;
import static io.tcpwhy.report.JsonNames.FRAMES;
import static io.tcpwhy.report.JsonNames.HISTORY;
import static io.tcpwhy.report.JsonNames.ID;
import static io.tcpwhy.report.JsonNames.IDLE_S;
import static io.tcpwhy.report.JsonNames.LAST_FRAME;
import static io.tcpwhy.report.JsonNames.LEN;
import static io.tcpwhy.report.JsonNames.OUTCOMES;
import static io.tcpwhy.report.JsonNames.RESULT;
import static io.tcpwhy.report.JsonNames.ROLES_INFERRED;
import static io.tcpwhy.report.JsonNames.SECONDS;
import static io.tcpwhy.report.JsonNames.SEGMENTS;
import static io.tcpwhy.report.JsonNames.SEQ;
import static io.tcpwhy.report.JsonNames.SERVER;
import static io.tcpwhy.report.JsonNames.SIDE;
import static io.tcpwhy.report.JsonNames.SOURCE;
import static io.tcpwhy.report.JsonNames.START;
import static io.tcpwhy.report.JsonNames.STATE;
import static io.tcpwhy.report.JsonNames.STATES;
import static io.tcpwhy.report.JsonNames.SUMMARY;
import static io.tcpwhy.report.JsonNames.TIME;
import static io.tcpwhy.report.JsonNames.TIMELINE;
import static io.tcpwhy.report.JsonNames.TUNNEL;
import static io.tcpwhy.report.JsonNames.TYPE;
import static io.tcpwhy.report.JsonNames.WHY;
import static io.tcpwhy.report.JsonNames.WIN;
import static io.tcpwhy.report.JsonNames.ZEEK;
import static io.tcpwhy.report.JsonNames.ZEEK_RECORDS;

import io.tcpwhy.decode.Tunnel;
import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.Timestamps;
import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.report.JsonBytes.Quoted;
import java.util.List;

/**
 * The contract's CONNECTION object into a {@link JsonBytes}, in whichever layout that has
 * (compact: one line, as JSON lines need; or {@code --pretty}).
 *
 * <p>One per report writer: timestamps and endpoints are formatted into buffers it keeps
 * and copied out as chars, so a connection costs no temporary strings beyond its prose.
 * Names and enum values are {@link JsonNames}, encoded once.
 */
final class ConnectionJson {

    private final Timestamps.IsoText iso = new Timestamps.IsoText();
    private final EndpointText endpoint = new EndpointText();
    private final Repeated repeated = new Repeated();

    /**
     * Short strings that repeat across connections (a segment's flags, Zeek's state and
     * history), each quoted once and then written as words: the slot of a string's hash
     * keeps the last one seen there. Encoding and scanning them anew for every segment cost
     * more than the hash, which the JDK keeps in the String, and one comparison.
     */
    private static final class Repeated {

        private static final int SLOTS = 256;

        private final String[] keys = new String[SLOTS];
        private final Quoted[] quoted = new Quoted[SLOTS];

        Quoted of(String s) {
            int slot = s.hashCode() & (SLOTS - 1);
            String key = keys[slot];
            if (key != s && !s.equals(key)) {
                quoted[slot] = new Quoted(s);
                keys[slot] = s;
            }
            return quoted[slot];
        }
    }

    /**
     * The object in parts of a few dozen fields each: the JIT compiles each part on its
     * own, and a part that meets a new case (a longer list, a tunnel) is compiled again
     * alone. As one method it was the run's most expensive compilation, done three times.
     */
    void write(JsonBytes g, ConnectionReport c) {
        int digits = c.timestampDigits();
        g.startObject();
        writeSummary(g, c, digits);
        writeZeekRecords(g, c.zeekRecords(), digits);
        writeStates(g, c, digits);
        writeDiagnosis(g, c.diagnosis());
        writeAnnotations(g, c.annotations(), digits);
        writeOutcomes(g, c.outcomes());
        writeSegments(g, c.segments(), digits);
        // Extension (docs/json.md): the tunnel the connection arrived in, outer endpoints.
        g.name(TUNNEL);
        writeTunnel(g, c.tunnel());
        g.endObject();
    }

    private void writeSummary(JsonBytes g, ConnectionReport c, int digits) {
        number(g, ID, c.id());
        g.name(CLIENT);
        endpoint.write(g, c.client());
        g.name(SERVER);
        endpoint.write(g, c.server());
        g.name(ROLES_INFERRED);
        g.bool(c.rolesInferred());
        number(g, FIRST_FRAME, c.firstFrame());
        number(g, LAST_FRAME, c.lastFrame());
        time(g, START, c.startNanos(), digits);
        time(g, END, c.endNanos(), digits);
        g.name(BYTES);
        g.startObject();
        number(g, CLIENT, c.clientBytes());
        number(g, SERVER, c.serverBytes());
        g.endObject();
        g.name(ZEEK);
        g.startObject();
        repeated(g, CONN_STATE, c.zeek().connState());
        repeated(g, HISTORY, c.zeek().history());
        g.endObject();
    }

    /** Extension (docs/json.md): every record Zeek logs for this socket pair. */
    private void writeZeekRecords(JsonBytes g, List<ZeekRecord> zeekRecords, int digits) {
        g.name(ZEEK_RECORDS);
        g.startArray();
        for (int i = 0; i < zeekRecords.size(); i++) {
            ZeekRecord z = zeekRecords.get(i);
            g.startObject();
            repeated(g, CONN_STATE, z.connState());
            repeated(g, HISTORY, z.history());
            time(g, START, z.startNanos(), digits);
            number(g, FIRST_FRAME, z.firstFrame());
            g.endObject();
        }
        g.endArray();
    }

    private void writeStates(JsonBytes g, ConnectionReport c, int digits) {
        g.name(STATES);
        g.startObject();
        value(g, CLIENT, JsonNames.of(c.clientState()));
        value(g, SERVER, JsonNames.of(c.serverState()));
        g.endObject();
        g.name(TIMELINE);
        g.startArray();
        List<StateChange> timeline = c.timeline();
        for (int i = 0; i < timeline.size(); i++) {
            StateChange s = timeline.get(i);
            g.startObject();
            value(g, SIDE, JsonNames.of(s.side()));
            value(g, STATE, JsonNames.of(s.state()));
            number(g, FRAME, s.frame());
            time(g, TIME, s.timeNanos(), digits);
            g.endObject();
        }
        g.endArray();
    }

    private static void writeAnnotations(JsonBytes g, List<Annotation> annotations, int digits) {
        g.name(ANNOTATIONS);
        g.startArray();
        for (int i = 0; i < annotations.size(); i++) {
            writeAnnotation(g, annotations.get(i), digits);
        }
        g.endArray();
    }

    private static void writeOutcomes(JsonBytes g, List<Outcome> outcomes) {
        g.name(OUTCOMES);
        g.startArray();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            g.startObject();
            value(g, SIDE, JsonNames.of(o.side()));
            value(g, CALL, JsonNames.of(o.call()));
            value(g, RESULT, JsonNames.of(o.result()));
            number(g, FRAME, o.frame());
            string(g, WHY, o.why());
            g.endObject();
        }
        g.endArray();
    }

    /** Extension (docs/json.md): the segments behind ladders and evidence tables. */
    private void writeSegments(JsonBytes g, List<SegmentEvidence> segments, int digits) {
        g.name(SEGMENTS);
        g.startArray();
        for (int i = 0; i < segments.size(); i++) {
            SegmentEvidence s = segments.get(i);
            g.startObject();
            number(g, FRAME, s.frame());
            time(g, TIME, s.timeNanos(), digits);
            value(g, SIDE, JsonNames.of(s.from()));
            repeated(g, FLAGS, s.flags());
            relative(g, SEQ, s.relSeq());
            relative(g, ACK, s.relAck());
            number(g, LEN, s.payloadLength());
            number(g, WIN, s.window());
            g.endObject();
        }
        g.endArray();
    }

    private void writeTunnel(JsonBytes g, Tunnel t) {
        if (t == null) {
            g.nullValue();
            return;
        }
        g.startObject();
        g.name(TYPE);
        g.string(t.type().wireName());
        g.name(SOURCE);
        endpoint.write(g, t.source());
        g.name(DESTINATION);
        endpoint.write(g, t.destination());
        g.name(ENCLOSING);
        writeTunnel(g, t.enclosing());
        g.endObject();
    }

    private static void writeDiagnosis(JsonBytes g, Diagnosis d) {
        g.name(DIAGNOSIS);
        g.startObject();
        value(g, CODE, JsonNames.of(d.code()));
        if (d.closedBy() == null) {
            g.name(CLOSED_BY);
            g.nullValue();
        } else {
            value(g, CLOSED_BY, JsonNames.of(d.closedBy()));
        }
        string(g, SUMMARY, d.summary());
        string(g, DETAIL, d.detail());
        g.name(FRAMES);
        g.startArray();
        List<Long> frames = d.frames();
        for (int i = 0; i < frames.size(); i++) {
            g.number(frames.get(i));
        }
        g.endArray();
        g.endObject();
    }

    private static void writeAnnotation(JsonBytes g, Annotation a, int digits) {
        g.startObject();
        value(g, CODE, JsonNames.of(a.code()));
        g.name(SIDE);
        if (a.side() == null) {
            g.nullValue();
        } else {
            g.value(JsonNames.of(a.side()));
        }
        if (a instanceof Annotation.IdleBeforeClose idle) {
            g.name(IDLE_S);
            g.number(JsonReport.seconds(idle.idleSeconds(), digits));
            g.name(AWAITING_REPLY);
            g.bool(idle.awaitingReply());
        } else if (a instanceof Annotation.CloseWaitHeld held) {
            g.name(SECONDS);
            g.number(JsonReport.seconds(held.seconds(), digits));
        } else if (a instanceof Annotation.Retransmitted r) {
            string(g, FLAG, r.flag());
        } else if (a instanceof Annotation.RstFromMiddlebox m) {
            number(g, FRAME, m.frame());
            g.name(EVIDENCE);
            g.startArray();
            for (String e : m.evidence()) {
                g.string(e);
            }
            g.endArray();
        } else if (a instanceof Annotation.FramesDropped d) {
            number(g, FRAMES, d.frames());
        } else if (a instanceof Annotation.LateSegments l) {
            number(g, ENDED_AT_FRAME, l.endedAtFrame());
        } else if (a instanceof Annotation.Evicted e) {
            number(g, CAP, e.cap());
        }
        g.endObject();
    }

    private void time(JsonBytes g, Quoted name, long nanos, int digits) {
        g.member(name, iso, nanos, digits);
    }

    private static void number(JsonBytes g, Quoted name, long value) {
        g.member(name, value);
    }

    private void repeated(JsonBytes g, Quoted name, String value) {
        if (value == null) {
            g.name(name);
            g.nullValue();
        } else {
            g.member(name, repeated.of(value));
        }
    }

    private static void string(JsonBytes g, Quoted name, String value) {
        g.name(name);
        g.string(value);
    }

    private static void value(JsonBytes g, Quoted name, Quoted value) {
        g.member(name, value);
    }

    /** -1 marks an unknown ISN or an absent ACK: null rather than a number that looks real. */
    private static void relative(JsonBytes g, Quoted name, long value) {
        g.name(name);
        if (value < 0) {
            g.nullValue();
        } else {
            g.number(value);
        }
    }
}
