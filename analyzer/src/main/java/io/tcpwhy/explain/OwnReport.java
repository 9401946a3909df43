package io.tcpwhy.explain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpwhy.model.ConnectionReport;
import java.io.IOException;
import java.io.StringWriter;

/** An {@link OwnExplanation} as text, markdown or json (fields in {@code docs/explain.md}). */
final class OwnReport {

    private static final JsonFactory JSON = new JsonFactory();

    private OwnReport() {
    }

    static String text(OwnExplanation x) {
        StringBuilder t = new StringBuilder();
        t.append(x.question()).append('\n').append(x.answer()).append("\n\n");
        t.append("error       ").append(x.error().runtime().title()).append(": ").append(x.error().matched())
                .append(" (").append(x.error().errno()).append(")\n");
        t.append("own action  ").append(x.action().wire()).append(": nothing on the wire causes it\n");
        t.append("\nWhat the capture shows:\n");
        x.capture().forEach(c -> t.append("  - ").append(c).append('\n'));
        t.append("What to change:\n");
        x.advice().forEach(a -> t.append("  - ").append(a).append('\n'));
        t.append("Cannot decide: ").append(x.undecided()).append('\n');
        return t.toString();
    }

    static String markdown(OwnExplanation x) {
        StringBuilder md = new StringBuilder();
        md.append("### tcpwhy: ").append(MarkdownReport.text(x.question())).append(" (own action `")
                .append(x.action().wire()).append("`)\n\n").append(MarkdownReport.text(x.answer())).append("\n\n");
        md.append("- **Error:** ").append(x.error().runtime().title()).append(": ")
                .append(MarkdownReport.code(x.error().matched())).append(" (").append(MarkdownReport.text(x.error().errno()))
                .append(")\n");
        md.append("- **What the capture shows:**\n");
        x.capture().forEach(c -> md.append("  - ").append(MarkdownReport.text(c)).append('\n'));
        md.append("- **What to change:**\n");
        x.advice().forEach(a -> md.append("  - ").append(MarkdownReport.text(a)).append('\n'));
        md.append("- **What the capture cannot decide:** ").append(MarkdownReport.text(x.undecided())).append('\n');
        return md.toString();
    }

    static String json(OwnExplanation x) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("question", x.question());
            g.writeStringField("answer", x.answer());
            g.writeStringField("own_action", x.action().wire());
            ErrorLine l = x.error();
            g.writeObjectFieldStart("error");
            g.writeStringField("text", l.text());
            g.writeStringField("runtime", l.runtime().wire());
            g.writeStringField("errno", l.errno());
            g.writeStringField("call", l.call() == null ? null : l.call().wire());
            g.writeStringField("local", l.local() == null ? null : l.local().toString());
            g.writeStringField("remote", l.remote() == null ? null : l.remote().toString());
            g.writeStringField("logged_at", l.loggedAt() == null ? null : l.loggedAt().local().toString());
            g.writeEndObject();
            g.writeStringField("logged_by", x.side() == null ? null : x.side().wire());
            if (x.connection() == null) {
                g.writeNullField("connection");
            } else {
                ConnectionReport r = x.connection().report();
                g.writeObjectFieldStart("connection");
                g.writeNumberField("id", r.id());
                g.writeStringField("client", r.client().toString());
                g.writeStringField("server", r.server().toString());
                g.writeNumberField("own_close_frame", x.connection().close().frame());
                g.writeStringField("own_close_time", Render.time(r, x.connection().close().timeNanos()));
                g.writeEndObject();
            }
            g.writeArrayFieldStart("capture");
            for (String c : x.capture()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("advice");
            for (String a : x.advice()) {
                g.writeString(a);
            }
            g.writeEndArray();
            g.writeStringField("undecided", x.undecided());
            g.writeEndObject();
        }
        return w.append('\n').toString();
    }
}
