package io.tcpwhy.kernel;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the kernel of this host says about one connection, next to the analyzer's verdict: its
 * RSTs with their reasons, the errnos it handed the sockets, each socket's state changes, the
 * process that owned each socket, and whether the analyzer agrees ({@link KernelCheck}).
 *
 * @param owners the owning process per side, when this host holds that side's socket
 */
public record KernelWord(List<Reset> resets, List<ErrorReport> errors, List<Change> states, Map<Side, SocketOwners.Owner> owners,
                         KernelCheck.ConnectionCheck check) {

    public KernelWord {
        resets = List.copyOf(resets);
        errors = List.copyOf(errors);
        states = List.copyOf(states);
        owners = Map.copyOf(owners);
    }

    /** The plain words for each reason tcpwhy knows (include/net/rstreason.h). */
    static final Map<String, String> REASON_WORDS = Map.ofEntries(
            Map.entry("NO_SOCKET", "no socket had that port (nothing listening, or the socket was gone)"),
            Map.entry("TCP_ABORT_ON_CLOSE", "the socket was closed with unread data"),
            Map.entry("TCP_ABORT_ON_DATA", "data arrived for a socket the program had already closed"),
            Map.entry("TCP_TIMEWAIT_SOCKET", "a segment arrived for a connection already closed (TIME_WAIT/FIN_WAIT_2 remnant)"),
            Map.entry("TCP_STATE", "the socket was aborted (SO_LINGER 0 close, or disconnect)"),
            Map.entry("TCP_ABORT_ON_LINGER", "the FIN_WAIT_2 linger time ran out"),
            Map.entry("TCP_ABORT_ON_MEMORY", "the kernel ran short of memory for orphaned sockets"),
            Map.entry("TCP_KEEPALIVE_TIMEOUT", "keepalive probes went unanswered"),
            Map.entry("TCP_DISCONNECT_WITH_DATA", "the socket was disconnected with unread data"));

    /** A RST this host sent. */
    public record Reset(Side from, String reason, String meaning, long timeNanos, long frame) {
    }

    /** An errno handed to one side's socket, and the wire frame it followed (0 when none). */
    public record ErrorReport(Side side, int errno, String result, long timeNanos, long frame) {
    }

    /** One socket's state change. */
    public record Change(Side side, String from, String to, long timeNanos) {
    }

    /** The kernel's word on {@code report}, from {@code events} (any; those of its pair are used). */
    public static KernelWord of(ConnectionReport report, List<KernelEvent> events, ClockAlignment clock,
                                SocketOwners owners) {
        List<KernelEvent> mine = KernelCheck.eventsOf(report, events);
        List<Reset> resets = new ArrayList<>();
        List<ErrorReport> errors = new ArrayList<>();
        List<Change> states = new ArrayList<>();
        Map<Side, SocketOwners.Owner> owner = new java.util.EnumMap<>(Side.class);
        for (KernelEvent e : mine) {
            Side side = e.local().equals(report.client()) ? Side.CLIENT : Side.SERVER;
            long wall = clock.wallNanos(e.traceNanos());
            switch (e.type()) {
                case SEND_RESET -> resets.add(new Reset(side, e.reason(),
                        REASON_WORDS.getOrDefault(e.reason(), e.reason().isEmpty() ? "this kernel gives no reason"
                                : "see include/net/rstreason.h"), wall, frameNear(report, side, wall, true)));
                case ERROR_REPORT -> {
                    CallResult r = KernelCheck.RESULT_OF_ERRNO.get(e.errno());
                    errors.add(new ErrorReport(side, e.errno(), r == null ? "errno " + e.errno() : r.name(), wall,
                            frameNear(report, side.opposite(), wall, false)));
                }
                case SET_STATE -> {
                    states.add(new Change(side, e.oldState().name(), e.state().name(), wall));
                    // In a task's context a socket's own state change is its owner's system call.
                    if (!e.inSoftirq() && !owner.containsKey(side)) {
                        owners.ofThread(e.pid()).ifPresent(o -> owner.put(side, o));
                    }
                }
                default -> { }
            }
        }
        for (Side side : Side.values()) {
            if (!owner.containsKey(side)) {
                owners.find(report.endpoint(side), report.endpoint(side.opposite())).ifPresent(o -> owner.put(side, o));
            }
        }
        return new KernelWord(resets, errors, states, owner, KernelCheck.check(report, events));
    }

    /**
     * The frame number of the wire segment from {@code from} closest before {@code wallNanos}
     * (for a RST: the RST itself), 0 when none.
     */
    private static long frameNear(ConnectionReport r, Side from, long wallNanos, boolean reset) {
        long best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (SegmentEvidence s : r.segments()) {
            if (s.from() != from || (reset && !s.flags().contains("R"))) {
                continue;
            }
            long d = Math.abs(s.timeNanos() - wallNanos);
            if (d < bestDistance) {
                bestDistance = d;
                best = s.frame();
            }
        }
        return best;
    }

    /** Sentences for the text report. */
    public List<String> sentences(ConnectionReport r) {
        List<String> out = new ArrayList<>();
        boolean established = states.stream().anyMatch(c -> c.side() == Side.CLIENT
                && c.to().equals(KernelTcpState.TCP_ESTABLISHED.name()));
        for (Reset x : resets) {
            List<KernelCheck.Meaning> meanings = KernelCheck.meaningsOf(x.reason(), established,
                    states.stream().anyMatch(c -> c.side() == x.from() && (c.to().equals(KernelTcpState.TCP_FIN_WAIT1.name())
                            || c.to().equals(KernelTcpState.TCP_FIN_WAIT2.name()))), x.from());
            Optional<String> means = meanings.isEmpty() ? Optional.empty() : Optional.of(String.join(" or ",
                    meanings.stream().map(m -> m.code().toString()).toList()));
            out.add("the kernel of this host sent the " + x.from().wire() + "'s RST" + (x.frame() > 0 ? " (frame "
                    + x.frame() + ")" : "") + " because " + x.meaning() + (x.reason().isEmpty() ? "" : " ("
                    + x.reason() + (means.isPresent() ? ", " + means.get() : "") + ")"));
        }
        for (ErrorReport x : errors) {
            out.add("errno " + x.errno() + " (" + x.result() + ") was reported to " + r.endpoint(x.side()) + "'s socket"
                    + (x.frame() > 0 ? " at frame " + x.frame() : ""));
        }
        for (Side side : Side.values()) {
            List<String> moves = states.stream().filter(c -> c.side() == side)
                    .map(c -> c.to().replace("TCP_", "")).toList();
            if (!moves.isEmpty()) {
                out.add(side.wire() + " socket states: " + String.join(" -> ", moves)
                        + (owners.containsKey(side) ? ", owned by " + owners.get(side) : ""));
            } else if (owners.containsKey(side)) {
                out.add(side.wire() + " socket owned by " + owners.get(side));
            }
        }
        for (String d : check.describeDisagreements()) {
            out.add("kernel and analyzer disagree: " + d);
        }
        return out;
    }
}
