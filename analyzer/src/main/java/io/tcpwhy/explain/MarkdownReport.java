package io.tcpwhy.explain;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.RuntimeErrors;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.StateChange;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The explanation as Markdown to paste into a GitHub or GitLab issue: a summary line, the
 * explanation, a mermaid ladder, the evidence packets and each side's state timeline.
 * {@code tcpwhy explain --format markdown} writes one; {@link #writeProblems} writes one per
 * problem connection for {@code tcpwhy analyze --format markdown}.
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /** One report per connection whose diagnosis is a problem, in the given order; a line when there is none. */
    public static void writeProblems(List<ConnectionReport> reports, Writer out) throws IOException {
        Problems problems = new Problems(out);
        for (ConnectionReport r : reports) {
            problems.add(r);
        }
        problems.finish();
    }

    /**
     * The streaming form of {@link #writeProblems}, for {@code analyze}'s connection sink: each
     * problem connection's report is written as it arrives, nothing is held.
     */
    public static final class Problems {

        private final Writer out;
        private long seen;
        private long written;

        public Problems(Writer out) {
            this.out = out;
        }

        /** Writes {@code r}'s report if its diagnosis is a problem. */
        public void add(ConnectionReport r) throws IOException {
            seen++;
            if (!r.isProblem()) {
                return;
            }
            if (written++ > 0) {
                out.write("\n---\n\n");
            }
            write(Explainer.explainProblem(r), out);
        }

        /** Says so when no connection was a problem; returns how many reports were written. */
        public long finish() throws IOException {
            if (written == 0) {
                out.write("No problem connections: of " + seen
                        + " connections, every one ended in order or was still open.\n");
            }
            out.flush();
            return written;
        }
    }

    public static void write(Explanation e, Writer out) throws IOException {
        out.write(render(e));
    }

    /** What each side's calls returned, each result named as the common runtimes print it. */
    private static void outcomes(ConnectionReport r, StringBuilder md) {
        if (r.outcomes().isEmpty()) {
            return;
        }
        md.append("\n#### What each side's calls return\n\n| side | call | result | frame | ")
                .append(String.join(" | ", RuntimeErrors.RUNTIMES)).append(" |\n| --- | --- | --- | ---: |")
                .append(" --- |".repeat(RuntimeErrors.RUNTIMES.size())).append('\n');
        for (Outcome o : r.outcomes()) {
            md.append("| ").append(o.side().wire()).append(" | ").append(o.call().wire()).append(" | `")
                    .append(o.result()).append("` | ").append(o.frame()).append(" |");
            var wording = RuntimeErrors.of(o.call(), o.result());
            for (int i = 0; i < RuntimeErrors.RUNTIMES.size(); i++) {
                md.append(' ').append(wording.isPresent() ? code(wording.get().texts().get(i)) : "succeeds").append(" |");
            }
            md.append('\n');
        }
    }

    static String render(Explanation e) {
        ConnectionReport r = e.report();
        StringBuilder md = new StringBuilder();
        md.append("### tcpwhy: ").append(cell(e.question())).append(" (`").append(r.diagnosis().code())
                .append("`)\n\n");
        md.append("**Summary:** ").append(text(e.answer())).append("\n\n");
        md.append("| | |\n| --- | --- |\n");
        md.append("| connection | #").append(r.id()).append(" client `").append(r.client()).append("` → server `")
                .append(r.server()).append('`').append(r.rolesInferred() ? " (roles inferred)" : "").append(" |\n");
        md.append("| frames | ").append(r.firstFrame()).append("–").append(r.lastFrame()).append(", ")
                .append(Render.time(r, r.startNanos())).append(" to ").append(Render.time(r, r.endNanos()))
                .append(" |\n");
        md.append("| diagnosis | `").append(r.diagnosis().code()).append("`: ").append(cell(r.diagnosis().summary()))
                .append(" |\n");
        md.append("| end states | client `").append(r.clientState()).append("`, server `").append(r.serverState())
                .append("` |\n");
        if (e.error() != null) {
            md.append("| error | ").append(code(e.error().text().strip())).append(" (").append(e.error().runtime().title())
                    .append(") |\n");
        }
        if (e.side() != null) {
            md.append("| logged by | ").append(Explainer.name(r, e.side())).append(" |\n");
        }
        md.append("\n#### Explanation\n\n");
        if (e.cause() != null) {
            SegmentEvidence c = e.cause();
            md.append("- **Which segment:** frame ").append(c.frame()).append(" at ").append(Render.time(r, c.timeNanos()))
                    .append(" (").append(Explainer.relativeTime(r, c.timeNanos())).append("), ").append(c.from().wire())
                    .append(" → ").append(c.from().opposite().wire()).append(", flags `").append(c.flags())
                    .append("`, seq ").append(Render.number(c.relSeq())).append(", ack ")
                    .append(Render.number(c.relAck())).append('\n');
        }
        md.append("- **Why it was sent:** ").append(text(e.why())).append('\n');
        md.append("- **What the peer's application most likely did:** ").append(text(e.peerApplication())).append('\n');
        md.append("- **What to change:**\n");
        for (String a : e.advice()) {
            md.append("  - ").append(text(a)).append('\n');
        }
        if (e.undecided() != null) {
            md.append("- **What the capture cannot decide:** ").append(text(e.undecided())).append('\n');
        }
        if (e.mismatch() != null) {
            md.append("- **Note:** ").append(text(e.mismatch())).append('\n');
        }
        if (e.error() != null && e.error().note() != null) {
            md.append("- **About this error text:** ").append(text(e.error().note())).append(".\n");
        }
        md.append("- **Diagnosis detail:** ").append(text(r.diagnosis().detail())).append('\n');
        if (!e.others().isEmpty()) {
            md.append("\nAlso matching, less likely:\n\n");
            for (Candidate o : e.others()) {
                md.append("- #").append(o.report().id()).append(" `").append(o.report().client()).append("` → `")
                        .append(o.report().server()).append("` `").append(o.report().diagnosis().code()).append("`\n");
            }
            if (e.moreOthers() > 0) {
                md.append("- and ").append(e.moreOthers()).append(" more\n");
            }
        }
        outcomes(r, md);
        md.append("\n#### Ladder\n\n```mermaid\n").append(MermaidLadder.diagram(r, e.cause(), Render.causeNote(e)))
                .append("```\n");
        md.append("\n#### Evidence\n\n| frame | time | from | flags | seq | ack | len | win |\n"
                + "| ---: | --- | --- | --- | ---: | ---: | ---: | ---: |\n");
        for (SegmentEvidence s : Render.evidence(e)) {
            md.append("| ").append(s.frame()).append(" | ").append(Render.time(r, s.timeNanos())).append(" | ")
                    .append(s.from().wire()).append(" | `").append(s.flags()).append("` | ")
                    .append(Render.number(s.relSeq())).append(" | ").append(Render.number(s.relAck())).append(" | ")
                    .append(s.payloadLength()).append(" | ").append(s.window()).append(" |\n");
        }
        md.append("\n#### State timeline\n\n| side | state | frame | time |\n| --- | --- | ---: | --- |\n");
        for (StateChange c : r.timeline()) {
            md.append("| ").append(c.side().wire()).append(" | `").append(c.state()).append("` | ").append(c.frame())
                    .append(" | ").append(Render.time(r, c.timeNanos())).append(" |\n");
        }
        return md.toString();
    }

    /** Text in a table cell: a pipe would end the cell. */
    static String cell(String s) {
        return text(s).replace("|", "\\|");
    }

    /** Running text: keep HTML and Markdown markup from the capture or the log literal. */
    static String text(String s) {
        return s.replace("\\", "\\\\").replace("<", "&lt;").replace("*", "\\*").replace("_", "\\_")
                .replace("`", "\\`").replace("\n", " ");
    }

    /** A log line as inline code; a fence longer than any backtick run inside it keeps it whole. */
    static String code(String s) {
        String flat = s.replace("\n", " ").replace("|", "\\|");
        String fence = "`";
        while (flat.contains(fence)) {
            fence += "`";
        }
        return fence + " " + flat + " " + fence;
    }
}
