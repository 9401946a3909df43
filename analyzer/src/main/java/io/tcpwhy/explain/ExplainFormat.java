package io.tcpwhy.explain;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The output formats of {@code tcpwhy explain}: text for terminals, markdown for tickets, json for bots. */
public enum ExplainFormat {
    TEXT, MARKDOWN, JSON;

    public static ExplainFormat fromWire(String wire) {
        try {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + wire + "' (expected text, markdown or json)", e);
        }
    }

    public void write(Explanation e, Writer out) throws IOException {
        out.write(switch (this) {
            case TEXT -> TextReport.render(e);
            case MARKDOWN -> MarkdownReport.render(e);
            case JSON -> JsonReport.render(e);
        });
    }

    /** An error the program caused itself: its own action and what the capture shows around it. */
    public void write(OwnExplanation e, Writer out) throws IOException {
        out.write(switch (this) {
            case TEXT -> OwnReport.text(e);
            case MARKDOWN -> OwnReport.markdown(e);
            case JSON -> OwnReport.json(e);
        });
    }

    /** Says that nothing fits and lists the nearest connections. */
    public void writeNoMatch(String message, List<Candidate> nearest, Writer out) throws IOException {
        if (this == JSON) {
            out.write(JsonReport.renderNoMatch(message, nearest));
            return;
        }
        StringBuilder sb = new StringBuilder(message).append('\n');
        if (!nearest.isEmpty()) {
            sb.append(this == MARKDOWN ? "\nNearest connections:\n\n" : "Nearest connections:\n");
            for (Candidate c : nearest) {
                sb.append(this == MARKDOWN ? "- " : "  ").append(TextReport.line(c)).append('\n');
            }
        }
        out.write(sb.toString());
    }
}
