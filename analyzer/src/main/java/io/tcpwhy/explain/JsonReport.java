package io.tcpwhy.explain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.StateChange;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/** The explanation for bots: its parts as fields, documented in {@code docs/explain.md}. */
final class JsonReport {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonReport() {
    }

    static String render(Explanation e) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
            ConnectionReport r = e.report();
            g.writeStartObject();
            g.writeStringField("question", e.question());
            g.writeStringField("answer", e.answer());
            connection(g, "connection", r);
            if (e.error() == null) {
                g.writeNullField("error");
            } else {
                ErrorLine l = e.error();
                g.writeObjectFieldStart("error");
                g.writeStringField("text", l.text());
                g.writeStringField("runtime", l.runtime().wire());
                g.writeStringField("result", l.result() == null ? null : l.result().name());
                g.writeStringField("own_action", l.own() == null ? null : l.own().wire());
                g.writeStringField("errno", l.errno());
                g.writeStringField("call", l.call() == null ? null : l.call().wire());
                g.writeStringField("local", l.local() == null ? null : l.local().toString());
                g.writeStringField("remote", l.remote() == null ? null : l.remote().toString());
                g.writeStringField("logged_at", l.loggedAt() == null ? null : l.loggedAt().local().toString());
                g.writeStringField("note", l.note());
                g.writeEndObject();
            }
            g.writeStringField("logged_by", e.side() == null ? null : e.side().wire());
            g.writeStringField("result", e.result().name());
            g.writeStringField("call", e.call() == null ? null : e.call().wire());
            if (e.cause() == null) {
                g.writeNullField("cause_segment");
            } else {
                g.writeFieldName("cause_segment");
                segment(g, r, e.cause());
            }
            g.writeStringField("why", e.why());
            g.writeStringField("peer_application", e.peerApplication());
            g.writeArrayFieldStart("advice");
            for (String a : e.advice()) {
                g.writeString(a);
            }
            g.writeEndArray();
            g.writeStringField("undecided", e.undecided());
            g.writeStringField("mismatch", e.mismatch());
            candidates(g, "also_matched", e.others());
            g.writeNumberField("also_matched_more", e.moreOthers());
            g.writeStringField("ladder", MermaidLadder.diagram(r, e.cause(), Render.causeNote(e)));
            g.writeArrayFieldStart("evidence");
            for (SegmentEvidence s : Render.evidence(e)) {
                segment(g, r, s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("timeline");
            for (StateChange c : r.timeline()) {
                g.writeStartObject();
                g.writeStringField("side", c.side().wire());
                g.writeStringField("state", c.state().wire());
                g.writeNumberField("frame", c.frame());
                g.writeStringField("time", Render.time(r, c.timeNanos()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return w.append('\n').toString();
    }

    /** {@code {"match": null, "message", "nearest": [...]}} when no connection fits. */
    static String renderNoMatch(String message, List<Candidate> nearest) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeNullField("match");
            g.writeStringField("message", message);
            candidates(g, "nearest", nearest);
            g.writeEndObject();
        }
        return w.append('\n').toString();
    }

    private static void candidates(JsonGenerator g, String field, List<Candidate> list) throws IOException {
        g.writeArrayFieldStart(field);
        for (Candidate c : list) {
            g.writeStartObject();
            g.writeNumberField("id", c.report().id());
            g.writeStringField("client", c.report().client().toString());
            g.writeStringField("server", c.report().server().toString());
            g.writeStringField("diagnosis", c.report().diagnosis().code().name());
            g.writeStringField("side", c.side() == null ? null : c.side().wire());
            g.writeStringField("result", c.outcome() == null ? null : c.outcome().result().name());
            g.writeStringField("start", Render.time(c.report(), c.report().startNanos()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void connection(JsonGenerator g, String field, ConnectionReport r) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("id", r.id());
        g.writeStringField("client", r.client().toString());
        g.writeStringField("server", r.server().toString());
        g.writeNumberField("first_frame", r.firstFrame());
        g.writeNumberField("last_frame", r.lastFrame());
        g.writeStringField("start", Render.time(r, r.startNanos()));
        g.writeStringField("end", Render.time(r, r.endNanos()));
        g.writeObjectFieldStart("diagnosis");
        g.writeStringField("code", r.diagnosis().code().name());
        g.writeStringField("closed_by", r.diagnosis().closedBy() == null ? null : r.diagnosis().closedBy().wire());
        g.writeStringField("summary", r.diagnosis().summary());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void segment(JsonGenerator g, ConnectionReport r, SegmentEvidence s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("frame", s.frame());
        g.writeStringField("time", Render.time(r, s.timeNanos()));
        g.writeStringField("from", s.from().wire());
        g.writeStringField("flags", s.flags());
        g.writeNumberField("seq", s.relSeq());
        g.writeNumberField("ack", s.relAck());
        g.writeNumberField("len", s.payloadLength());
        g.writeNumberField("win", s.window());
        g.writeEndObject();
    }
}
