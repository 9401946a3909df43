package io.tcpwhy.explain;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.StateChange;
import java.util.List;

/** The explanation for a terminal: the same parts as the Markdown report, as plain lines. */
final class TextReport {

    private TextReport() {
    }

    static String render(Explanation e) {
        ConnectionReport r = e.report();
        StringBuilder t = new StringBuilder();
        t.append(e.question()).append('\n').append(e.answer()).append("\n\n");
        t.append("connection  #").append(r.id()).append(" client ").append(r.client()).append(" -> server ")
                .append(r.server()).append(", frames ").append(r.firstFrame()).append('-').append(r.lastFrame())
                .append('\n');
        t.append("diagnosis   ").append(r.diagnosis().code()).append(": ").append(r.diagnosis().summary()).append('\n');
        if (e.error() != null) {
            t.append("error       ").append(e.error().runtime().title()).append(": ").append(e.error().matched())
                    .append('\n');
        }
        if (e.side() != null) {
            t.append("logged by   ").append(Explainer.name(r, e.side())).append('\n');
        }
        if (e.cause() != null) {
            SegmentEvidence c = e.cause();
            t.append("segment     ").append(c.from().wire()).append(" -> ").append(c.from().opposite().wire())
                    .append(' ').append(Render.segmentLabel(r, c)).append(" at ").append(Render.time(r, c.timeNanos()))
                    .append('\n');
        }
        t.append("\nWhy: ").append(e.why()).append('\n');
        t.append("Peer's application: ").append(e.peerApplication()).append('\n');
        t.append("What to change:\n");
        for (String a : e.advice()) {
            t.append("  - ").append(a).append('\n');
        }
        if (e.undecided() != null) {
            t.append("Cannot decide: ").append(e.undecided()).append('\n');
        }
        if (e.mismatch() != null) {
            t.append("Note: ").append(e.mismatch()).append('\n');
        }
        if (e.error() != null && e.error().note() != null) {
            t.append("About this error text: ").append(e.error().note()).append(".\n");
        }
        appendOthers(t, e.others(), e.moreOthers());
        t.append("\nSegments:\n");
        for (SegmentEvidence s : Render.evidence(e)) {
            t.append("  ").append(s.from() == io.tcpwhy.model.Side.CLIENT ? "client -> server " : "server -> client ")
                    .append(Render.segmentLabel(r, s)).append('\n');
        }
        t.append("\nStates:\n");
        for (StateChange c : r.timeline()) {
            t.append("  ").append(c.side().wire()).append(' ').append(c.state()).append(" at frame ").append(c.frame())
                    .append('\n');
        }
        return t.toString();
    }

    private static void appendOthers(StringBuilder t, List<Candidate> others, long more) {
        if (others.isEmpty()) {
            return;
        }
        t.append("Also matching, less likely:\n");
        for (Candidate o : others) {
            t.append("  ").append(line(o)).append('\n');
        }
        if (more > 0) {
            t.append("  and ").append(more).append(" more\n");
        }
    }

    /** {@code #4 10.0.0.1:5000 -> 10.0.0.2:80 RST_ABORT (client read ECONNRESET at frame 9)}. */
    static String line(Candidate c) {
        ConnectionReport r = c.report();
        StringBuilder sb = new StringBuilder("#").append(r.id()).append(' ').append(r.client()).append(" -> ")
                .append(r.server()).append(' ').append(r.diagnosis().code());
        if (c.outcome() != null) {
            sb.append(" (").append(c.outcome().side().wire()).append(' ').append(c.outcome().call().wire())
                    .append(' ').append(c.outcome().result()).append(" at frame ").append(c.outcome().frame())
                    .append(')');
        }
        return sb.append(", ").append(Render.time(r, r.startNanos())).toString();
    }
}
