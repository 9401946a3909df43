package io.tcpwhy.explain;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a connection report and the question asked about it into an {@link Explanation},
 * from the report's diagnosis, outcomes and segments and the {@link CauseTable}.
 */
public final class Explainer {

    private Explainer() {
    }

    /** Explains the best match of a search; the remaining matches are listed as others. */
    public static Explanation explain(ConnectionSearch.Result found, ErrorLine error) {
        return explain(found.best(), error, found.others(), found.moreMatches());
    }

    /** Explains a problem connection nobody asked about by error text: the side that fared worst. */
    public static Explanation explainProblem(ConnectionReport report) {
        Outcome worst = null;
        for (Outcome o : report.outcomes()) {
            if (o.result() != CallResult.OK && (worst == null || worst.result() == CallResult.EOF)) {
                worst = o;
            }
        }
        Side side = worst != null ? worst.side() : affectedSide(report);
        CallResult result = worst != null ? worst.result() : resultOf(report.diagnosis().code());
        return explain(new Candidate(report, side, worst, worst != null ? Candidate.EXACT : Candidate.NONE, 0, 0,
                false), null, List.of(), 0);
    }

    static Explanation explain(Candidate c, ErrorLine error, List<Candidate> others, long moreOthers) {
        ConnectionReport r = c.report();
        Side side = c.side() != null ? c.side() : affectedSide(r);
        Outcome outcome = c.outcome();
        CallResult result = error != null ? error.result()
                : outcome != null ? outcome.result() : resultOf(r.diagnosis().code());
        SocketCall call = error != null && error.call() != null ? error.call()
                : outcome != null ? outcome.call() : null;
        SegmentEvidence cause = causeSegment(r, side, outcome, result);
        CallResult tableResult = outcome != null ? outcome.result() : result;
        Cause row = CauseTable.lookup(r.diagnosis().code(), tableResult);
        // Templates name the sides short; the answer's first mention carries the endpoints.
        String self = "the " + side.wire();
        String peer = "the " + side.opposite().wire();
        String callText = call == null ? "socket call" : call.wire();
        String question = result == CallResult.EOF ? "Why did " + possessive(side) + " " + callText + " return EOF?"
                : "Why did " + possessive(side) + " " + callText + " fail with " + result + "?";
        String why = fill(row.why(), self, peer) + idleNote(r, side, result);
        StringBuilder answer = new StringBuilder(capitalise(name(r, side))).append(" got ").append(result);
        SegmentEvidence ownClose = result == CallResult.ETIMEDOUT && outcome == null ? ownClose(r, side) : null;
        if (result == CallResult.ETIMEDOUT && outcome == null && cause != null) {
            // A deadline leaves no packet: name the silence before the side gave up, and its own close.
            if (ownClose != null) {
                answer.append(String.format(Locale.ROOT, " after %.3f s of silence since frame %d (%s %s, %s);"
                                + " it then closed with %s in frame %d (%s)",
                        Timestamps.seconds(cause.timeNanos(), ownClose.timeNanos()), cause.frame(),
                        possessive(cause.from()), flagName(cause), relativeTime(r, cause.timeNanos()),
                        flagName(ownClose), ownClose.frame(), relativeTime(r, ownClose.timeNanos())));
            } else {
                answer.append(String.format(Locale.ROOT, " with nothing on the wire after frame %d (%s %s, %s)",
                        cause.frame(), possessive(cause.from()), flagName(cause), relativeTime(r, cause.timeNanos())));
            }
            answer.append(": ");
        } else if (cause == null) {
            answer.append(": ");
        } else if (cause.from() == side) {
            answer.append(" after its ").append(flagName(cause)).append(" in frame ").append(cause.frame())
                    .append(" (").append(relativeTime(r, cause.timeNanos())).append("): ");
        } else {
            answer.append(" because ").append(name(r, side.opposite())).append(" sent ").append(flagName(cause))
                    .append(" in frame ").append(cause.frame()).append(" (")
                    .append(relativeTime(r, cause.timeNanos())).append("): ");
        }
        answer.append(lowerFirst(why)).append('.');
        List<String> advice = new ArrayList<>();
        for (String a : row.advice()) {
            advice.add(capitalise(fill(a, self, peer)));
        }
        String undecided = row.undecided() == null ? null : fill(row.undecided(), self, peer) + ".";
        return new Explanation(r, error, c.side(), result, call, outcome, cause, question, answer.toString(),
                why + ".", capitalise(fill(row.peerApplication(), self, peer)) + ".", advice, undecided,
                mismatch(r, side, error, outcome), others, moreOthers);
    }

    /** A timeout's only trace on the wire: how long the side sat in silence before it closed. */
    private static String idleNote(ConnectionReport r, Side side, CallResult result) {
        if (result != CallResult.ETIMEDOUT) {
            return "";
        }
        for (Annotation a : r.annotations()) {
            if (a instanceof Annotation.IdleBeforeClose idle && idle.side() == side) {
                return String.format(Locale.ROOT, " (the %s closed after %.3f s of silence%s)", side.wire(),
                        idle.idleSeconds(), idle.awaitingReply() ? ", its own data acknowledged and never answered" : "");
            }
        }
        return "";
    }

    /** The segment behind the result: the outcome's frame, else the peer's RST or FIN, else the last unanswered one. */
    static SegmentEvidence causeSegment(ConnectionReport r, Side side, Outcome outcome, CallResult result) {
        if (outcome != null) {
            for (SegmentEvidence s : r.segments()) {
                if (s.frame() == outcome.frame()) {
                    return s;
                }
            }
        }
        if (result == CallResult.ETIMEDOUT) {
            return lastBeforeOwnClose(r, side);
        }
        char flag = switch (result) {
            case ECONNRESET, EPIPE, ECONNREFUSED -> 'R';
            case EOF -> 'F';
            default -> 0;
        };
        SegmentEvidence last = null;
        for (SegmentEvidence s : r.segments()) {
            if (flag != 0 && s.from() == side.opposite() && s.flags().indexOf(flag) >= 0) {
                return s;
            }
            if (flag == 0 && s.from() == side) {
                last = s;
            }
        }
        return last;
    }

    /**
     * A timeout's mark on the wire: the last segment before {@code side} gave up with its own
     * FIN or RST (never one after it), else the connection's last segment.
     */
    static SegmentEvidence lastBeforeOwnClose(ConnectionReport r, Side side) {
        SegmentEvidence last = null;
        for (SegmentEvidence s : r.segments()) {
            if (s.from() == side && (s.flags().contains("F") || s.flags().contains("R"))) {
                return last;
            }
            last = s;
        }
        return last;
    }

    /** The side's own first FIN or RST, or null when it never closed in the capture. */
    static SegmentEvidence ownClose(ConnectionReport r, Side side) {
        for (SegmentEvidence s : r.segments()) {
            if (s.from() == side && (s.flags().contains("F") || s.flags().contains("R"))) {
                return s;
            }
        }
        return null;
    }

    private static String mismatch(ConnectionReport r, Side side, ErrorLine error, Outcome outcome) {
        if (error == null || (outcome != null && outcome.result() == error.result())) {
            return null;
        }
        if (outcome != null && error.closeOrReset()
                && (outcome.result() == CallResult.EOF || outcome.result() == CallResult.ECONNRESET)) {
            return "The capture shows " + possessive(side) + " " + outcome.call().wire() + " getting "
                    + outcome.result() + "; " + error.runtime().title() + " reports the peer's FIN and its RST with"
                    + " the same text.";
        }
        if (outcome != null) {
            return "The capture shows " + possessive(side) + " " + outcome.call().wire() + " getting " + outcome.result()
                    + " where the log says " + error.result() + "; runtimes name the same event differently"
                    + (error.note() != null ? " (" + error.note() + ")" : "") + ".";
        }
        if (error.result() == CallResult.ETIMEDOUT) {
            return null;
        }
        return "The capture shows no " + error.result() + " for " + name(r, side) + "; it may have been taken on"
                + " another path, or started or stopped outside the failure.";
    }

    static Side affectedSide(ConnectionReport r) {
        DiagnosisCode code = r.diagnosis().code();
        if (code == DiagnosisCode.REFUSED || code == DiagnosisCode.SYN_UNANSWERED) {
            return Side.CLIENT;
        }
        return r.diagnosis().closedBy() != null ? r.diagnosis().closedBy().opposite() : Side.CLIENT;
    }

    static CallResult resultOf(DiagnosisCode code) {
        return switch (code) {
            case RST_UNREAD_DATA, RST_AFTER_CLOSE, RST_ABORT -> CallResult.ECONNRESET;
            case REFUSED -> CallResult.ECONNREFUSED;
            case SYN_UNANSWERED, HANDSHAKE_INCOMPLETE, OPEN -> CallResult.ETIMEDOUT;
            default -> CallResult.EOF;
        };
    }

    static String name(ConnectionReport r, Side side) {
        return "the " + side.wire() + " (" + r.endpoint(side) + ")";
    }

    private static String possessive(Side side) {
        return "the " + side.wire() + "'s";
    }

    static String flagName(SegmentEvidence s) {
        String f = s.flags();
        if (f.contains("R")) {
            return "RST";
        }
        if (f.contains("S")) {
            return f.contains(".") ? "SYN-ACK" : "SYN";
        }
        if (f.contains("F")) {
            return "FIN";
        }
        return s.payloadLength() > 0 ? s.payloadLength() + " bytes" : "ACK";
    }

    /** {@code +1.014 s}: seconds after the connection's first segment, to the millisecond. */
    static String relativeTime(ConnectionReport r, long nanos) {
        return String.format(Locale.ROOT, "+%.3f s", Timestamps.seconds(r.startNanos(), nanos));
    }

    private static String fill(String template, String self, String peer) {
        return template.replace("{self}", self).replace("{peer}", peer);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || s.startsWith("RST") || s.startsWith("SYN") ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
