package io.tcpwhy.testing;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.TcpState;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fluent checks on a {@link ConnectionReport} that read like the finding:
 *
 * <pre>
 * assertThat(report).closedBy(Side.CLIENT).withDiagnosis(DiagnosisCode.RST_UNREAD_DATA)
 *     .hasOutcome(Side.SERVER, SocketCall.READ, CallResult.ECONNRESET)
 *     .inState(Side.SERVER, TcpState.CLOSED);
 * </pre>
 *
 * A failure names what was expected and shows the report's actual diagnosis, states,
 * annotations and outcomes.
 */
public final class ConnectionAssert {

    private final ConnectionReport report;

    private ConnectionAssert(ConnectionReport report) {
        this.report = Objects.requireNonNull(report, "report");
    }

    public static ConnectionAssert assertThat(ConnectionReport report) {
        return new ConnectionAssert(report);
    }

    public ConnectionAssert withDiagnosis(DiagnosisCode code) {
        check(report.diagnosis().code() == code, "diagnosis " + code);
        return this;
    }

    /** {@code null} for "closed by neither side". */
    public ConnectionAssert closedBy(Side side) {
        check(report.diagnosis().closedBy() == side, "closed_by " + (side == null ? "null" : side.wire()));
        return this;
    }

    public ConnectionAssert inState(Side side, TcpState state) {
        check(report.state(side) == state, side.wire() + " in state " + state);
        return this;
    }

    /** The side's state changes, in order, are exactly these. */
    public ConnectionAssert passedThrough(Side side, TcpState... states) {
        List<TcpState> actual = report.timeline().stream().filter(c -> c.side() == side).map(StateChange::state)
                .toList();
        check(actual.equals(Arrays.asList(states)), side.wire() + " timeline " + Arrays.toString(states)
                + " (actual " + actual + ")");
        return this;
    }

    public ConnectionAssert hasOutcome(Side side, SocketCall call, CallResult result) {
        check(find(side, call, result) != null, "outcome " + side.wire() + " " + call.wire() + " " + result);
        return this;
    }

    public ConnectionAssert hasOutcome(Side side, SocketCall call, CallResult result, long frame) {
        Outcome o = find(side, call, result);
        check(o != null && o.frame() == frame, "outcome " + side.wire() + " " + call.wire() + " " + result
                + " at frame " + frame);
        return this;
    }

    public ConnectionAssert hasNoOutcome(Side side, SocketCall call, CallResult result) {
        check(find(side, call, result) == null, "no outcome " + side.wire() + " " + call.wire() + " " + result);
        return this;
    }

    /** The outcome's {@code why} mentions {@code text}. */
    public ConnectionAssert outcomeExplains(Side side, SocketCall call, CallResult result, String text) {
        Outcome o = find(side, call, result);
        check(o != null && o.why().contains(text), "outcome " + side.wire() + " " + call.wire() + " " + result
                + " whose why mentions '" + text + "'");
        return this;
    }

    public ConnectionAssert hasNoOutcomesFor(Side side) {
        check(report.outcomes().stream().noneMatch(o -> o.side() == side), "no outcomes for the " + side.wire());
        return this;
    }

    public ConnectionAssert hasAnnotation(AnnotationCode code) {
        check(report.annotations().stream().anyMatch(a -> a.code() == code), "annotation " + code);
        return this;
    }

    /** An annotation equal to this one, fields included. */
    public ConnectionAssert hasAnnotation(Annotation expected) {
        check(report.annotations().contains(expected), "annotation " + expected);
        return this;
    }

    public ConnectionAssert hasNoAnnotation(AnnotationCode code) {
        check(report.annotations().stream().noneMatch(a -> a.code() == code), "no annotation " + code);
        return this;
    }

    /** The diagnosis cites these frames as evidence, and its detail names each as "frame N". */
    public ConnectionAssert citesFrames(long... frames) {
        for (long f : frames) {
            check(report.diagnosis().frames().contains(f) && Pattern.compile("frame " + f + "(?!\\d)")
                    .matcher(report.diagnosis().detail()).find(),
                    "diagnosis citing frame " + f);
        }
        return this;
    }

    public ConnectionAssert detailMentions(String text) {
        check(report.diagnosis().detail().contains(text), "detail mentioning '" + text + "'");
        return this;
    }

    public ConnectionReport report() {
        return report;
    }

    private Outcome find(Side side, SocketCall call, CallResult result) {
        return report.outcomes().stream()
                .filter(o -> o.side() == side && o.call() == call && o.result() == result)
                .findFirst().orElse(null);
    }

    private void check(boolean ok, String expected) {
        if (!ok) {
            throw new AssertionError("expected " + expected + "\nbut the report says:\n" + describe());
        }
    }

    private String describe() {
        var d = report.diagnosis();
        String outcomes = report.outcomes().stream()
                .map(o -> "    " + o.side().wire() + " " + o.call().wire() + " " + o.result() + " @" + o.frame())
                .collect(Collectors.joining("\n"));
        String timeline = report.timeline().stream()
                .map(c -> c.side().wire() + ":" + c.state() + "@" + c.frame()).collect(Collectors.joining(" "));
        return "  diagnosis " + d.code() + ", closed_by " + (d.closedBy() == null ? "null" : d.closedBy().wire())
                + ", frames " + d.frames()
                + "\n  summary: " + d.summary()
                + "\n  detail: " + d.detail()
                + "\n  states: client " + report.clientState() + ", server " + report.serverState()
                + "\n  timeline: " + timeline
                + "\n  annotations: " + report.annotations()
                + "\n  outcomes:\n" + (outcomes.isEmpty() ? "    (none)" : outcomes);
    }
}
