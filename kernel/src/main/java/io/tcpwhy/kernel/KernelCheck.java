package io.tcpwhy.kernel;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds what the analyzer inferred from the wire for one connection to what the kernel of the
 * host that ran both ends says happened: each RST's sender and reason against the diagnosis,
 * each endpoint's states against inet_sock_set_state, each errno against the predicted
 * outcomes (docs/kernel.md has the table).
 */
public final class KernelCheck {

    /**
     * A diagnosis a RST's reason agrees with, and who must have closed for it: the RST's sender,
     * or nobody (the sender's kernel gave up on a silent peer; the analyzer names no closer).
     */
    public record Meaning(DiagnosisCode code, boolean closedBySender) {

        boolean agreesWith(Diagnosis d, Side sender) {
            return d.code() == code && d.closedBy() == (closedBySender ? sender : null);
        }

        String describe(Side sender) {
            return code + (closedBySender ? " closed by " + sender.wire() : " with no side closing");
        }
    }

    /**
     * The diagnoses each RST reason agrees with (include/net/rstreason.h); reasons not here make
     * no claim. tcpwhy's production codes refine the classic ones (docs/json.md), so a reason
     * may agree with either: a pool's write on a connection the server had closed draws
     * TCP_TIMEWAIT_SOCKET (or TCP_ABORT_ON_DATA while the server's socket is an orphan in
     * FIN_WAIT_1), which is RST_AFTER_CLOSE and, when the analyzer sees the keep-alive race,
     * STALE_POOLED_CONNECTION. Measured with the lab's scenarios (docs/kernel.md).
     */
    static final Map<String, List<Meaning>> MEANINGS_OF_REASON = Map.of(
            "TCP_ABORT_ON_CLOSE", List.of(new Meaning(DiagnosisCode.RST_UNREAD_DATA, true)),
            "TCP_ABORT_ON_DATA", List.of(new Meaning(DiagnosisCode.RST_AFTER_CLOSE, true),
                    new Meaning(DiagnosisCode.STALE_POOLED_CONNECTION, true)),
            "TCP_TIMEWAIT_SOCKET", List.of(new Meaning(DiagnosisCode.RST_AFTER_CLOSE, true),
                    new Meaning(DiagnosisCode.STALE_POOLED_CONNECTION, true)),
            "TCP_STATE", List.of(new Meaning(DiagnosisCode.RST_ABORT, true)),
            "TCP_ABORT_ON_LINGER", List.of(new Meaning(DiagnosisCode.RST_ABORT, true)),
            // Keep-alive probes ran out: the sender's kernel gave up on a peer that answered nothing.
            "TCP_KEEPALIVE_TIMEOUT", List.of(new Meaning(DiagnosisCode.PEER_UNREACHABLE, false)),
            // Answering a SYN; on an established pair see meaningsOf.
            "NO_SOCKET", List.of(new Meaning(DiagnosisCode.REFUSED, true)));

    /** NO_SOCKET on an established pair: the host no longer knew the connection. */
    private static final List<Meaning> NO_SOCKET_ESTABLISHED = List.of(new Meaning(DiagnosisCode.IDLE_FORGOTTEN, true));
    /**
     * NO_SOCKET from the client before the handshake ended: it answered the server's SYN-ACK
     * with no socket left, its connect() having given up first (the lab's
     * connect_gave_up_before_synack); a server's NO_SOCKET to a SYN is a refusal.
     */
    private static final List<Meaning> NO_SOCKET_CLIENT_IN_HANDSHAKE = List.of(
            new Meaning(DiagnosisCode.HANDSHAKE_INCOMPLETE, true));
    /**
     * TCP_ABORT_ON_CLOSE from a socket that had sent its FIN before (FIN_WAIT_1/2): its program
     * shut the output down and released the socket only later, with data unread that may have
     * arrived after the FIN. A JDK SocketChannel closed while registered with a selector does
     * exactly that (the JDK HttpServer's idle close): FIN at close(), the real close at the next
     * select, woken by the pool's request, which is the unread data.
     */
    private static final List<Meaning> ABORT_ON_CLOSE_AFTER_FIN = List.of(
            new Meaning(DiagnosisCode.RST_UNREAD_DATA, true), new Meaning(DiagnosisCode.STALE_POOLED_CONNECTION, true));

    /**
     * The diagnoses RST reason {@code reason} agrees with; empty when it makes no claim.
     *
     * @param established whether the connection's client had reached ESTABLISHED (NO_SOCKET
     *                    then means a forgotten connection, not a refused one)
     * @param senderSentFin whether the RST's sender had sent its FIN before (was in FIN_WAIT_1/2)
     */
    public static List<Meaning> meaningsOf(String reason, boolean established, boolean senderSentFin) {
        return meaningsOf(reason, established, senderSentFin, Side.SERVER);
    }

    /** As {@link #meaningsOf(String, boolean, boolean)}, knowing which side sent the RST. */
    public static List<Meaning> meaningsOf(String reason, boolean established, boolean senderSentFin, Side sender) {
        if (reason.equals("NO_SOCKET") && established) {
            return NO_SOCKET_ESTABLISHED;
        }
        if (reason.equals("NO_SOCKET") && sender == Side.CLIENT) {
            return NO_SOCKET_CLIENT_IN_HANDSHAKE;
        }
        if (reason.equals("TCP_ABORT_ON_CLOSE") && senderSentFin) {
            return ABORT_ON_CLOSE_AFTER_FIN;
        }
        return MEANINGS_OF_REASON.getOrDefault(reason, List.of());
    }

    /** Whether the socket at {@code local} went to FIN_WAIT_1 or FIN_WAIT_2: it sent its FIN. */
    static boolean sentFin(List<KernelEvent> mine, Endpoint local) {
        return mine.stream().anyMatch(e -> e.type() == KernelEventType.SET_STATE && e.local().equals(local)
                && (e.state() == KernelTcpState.TCP_FIN_WAIT1 || e.state() == KernelTcpState.TCP_FIN_WAIT2));
    }

    /** The result of a call on a socket the kernel handed {@code errno} (asm-generic/errno-base.h, errno.h). */
    static final Map<Integer, CallResult> RESULT_OF_ERRNO = Map.of(
            104, CallResult.ECONNRESET,
            32, CallResult.EPIPE,
            111, CallResult.ECONNREFUSED,
            110, CallResult.ETIMEDOUT);

    private KernelCheck() {
    }

    /** What is compared. */
    public enum Aspect {
        /** A RST of this host: that the wire shows it from that side, and the diagnosis its reason means. */
        RESET,
        /** One endpoint's states as the wire shows them against the kernel's state changes. */
        STATES,
        /** An errno the kernel handed a socket against the outcomes predicted for that side. */
        ERROR;

        public String wire() {
            return name().toLowerCase();
        }
    }

    /** One comparison: what the kernel says, what the analyzer says, and whether they agree. */
    public record Finding(Aspect aspect, boolean agrees, String kernel, String analyzer) {
    }

    /** Every comparison made for one connection. */
    public record ConnectionCheck(ConnectionReport report, List<Finding> findings) {

        public ConnectionCheck {
            findings = List.copyOf(findings);
        }

        public List<Finding> disagreements() {
            return findings.stream().filter(f -> !f.agrees()).toList();
        }

        /** "#3 127.0.0.1:40000 -> 127.0.0.1:8080 reset: kernel ... / analyzer ...", one per disagreement. */
        public List<String> describeDisagreements() {
            return disagreements().stream().map(f -> "#" + report.id() + " " + report.client() + " -> "
                    + report.server() + " " + f.aspect().wire() + ": kernel says " + f.kernel() + "; analyzer says "
                    + f.analyzer()).toList();
        }
    }

    /** The kernel's events of {@code report}'s socket pair, in the order they were read. */
    public static List<KernelEvent> eventsOf(ConnectionReport report, List<KernelEvent> all) {
        return all.stream().filter(e -> e.concerns(report.client(), report.server())).toList();
    }

    /** Compares {@code report} with the kernel's events ({@code all}: any events, those of its pair are used). */
    public static ConnectionCheck check(ConnectionReport report, List<KernelEvent> all) {
        List<KernelEvent> mine = eventsOf(report, all);
        List<Finding> findings = new ArrayList<>();
        List<KernelEvent> resets = mine.stream().filter(e -> e.type() == KernelEventType.SEND_RESET).toList();
        for (int i = 0; i < resets.size(); i++) {
            resetFinding(report, mine, resets.get(i), i == 0).ifPresent(findings::add);
        }
        for (Side side : Side.values()) {
            statesFinding(report, mine, side).ifPresent(findings::add);
        }
        for (KernelEvent e : mine) {
            if (e.type() == KernelEventType.ERROR_REPORT) {
                findings.add(errorFinding(report, e));
            }
        }
        return new ConnectionCheck(report, findings);
    }

    private static Side sideOf(ConnectionReport r, KernelEvent e) {
        return e.local().equals(r.client()) ? Side.CLIENT : Side.SERVER;
    }

    /**
     * The first RST decides how the connection ended; a later one only has to be on the wire.
     */
    private static Optional<Finding> resetFinding(ConnectionReport r, List<KernelEvent> mine, KernelEvent rst,
                                                  boolean first) {
        Side sender = sideOf(r, rst);
        String kernel = sender.wire() + " sent RST" + (rst.reason().isEmpty() ? "" : " (" + rst.reason() + ")");
        long wireResets = r.segments().stream().filter(s -> s.from() == sender && s.flags().contains("R")).count();
        if (wireResets == 0) {
            return Optional.of(new Finding(Aspect.RESET, false, kernel, "no RST from the " + sender.wire() + " on the wire"));
        }
        if (!first) {
            return Optional.of(new Finding(Aspect.RESET, true, kernel, "a RST from the " + sender.wire()));
        }
        List<Meaning> meanings = meaningsOf(rst.reason(), reachedEstablished(mine, r.client()),
                sentFin(mine, rst.local()), sender);
        String analyzer = r.diagnosis().code() + (r.diagnosis().closedBy() == null ? ""
                : " closed by " + r.diagnosis().closedBy().wire());
        if (meanings.isEmpty()) {
            return Optional.of(new Finding(Aspect.RESET, true, kernel + ", a reason that implies no diagnosis", analyzer));
        }
        boolean agrees = meanings.stream().anyMatch(m -> m.agreesWith(r.diagnosis(), sender));
        String meaning = String.join(" or ", meanings.stream().map(m -> m.describe(sender)).toList());
        return Optional.of(new Finding(Aspect.RESET, agrees, kernel + ", meaning " + meaning, analyzer));
    }

    private static boolean reachedEstablished(List<KernelEvent> mine, Endpoint client) {
        return mine.stream().anyMatch(e -> e.type() == KernelEventType.SET_STATE && e.local().equals(client)
                && e.state() == KernelTcpState.TCP_ESTABLISHED);
    }

    /**
     * The kernel's states of one side as the wire can show them, against the report's. The
     * kernel's first event gives the state before it (connect()'s CLOSE -> SYN_SENT is traced
     * before the socket has its port). A move to CLOSE without a RST from or to that socket,
     * other than from LAST_ACK, is not a close the wire shows: the socket lives on as a
     * TIME_WAIT mini-socket the tracepoints do not follow, or was closed locally before its
     * handshake ended, sending nothing. The kernel's story ends there and the report may go on.
     */
    private static Optional<Finding> statesFinding(ConnectionReport r, List<KernelEvent> mine, Side side) {
        Endpoint local = r.endpoint(side);
        List<KernelEvent> changes = mine.stream()
                .filter(e -> e.type() == KernelEventType.SET_STATE && e.local().equals(local)).toList();
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        boolean resetOnThisSide = mine.stream().anyMatch(e -> e.local().equals(local)
                && (e.type() == KernelEventType.SEND_RESET || e.type() == KernelEventType.RECEIVE_RESET));
        List<TcpState> kernel = new ArrayList<>();
        boolean open = false;
        TcpState before = changes.get(0).oldState().tcpState();
        if (before != null && before != TcpState.CLOSED) {
            kernel.add(before);
        }
        for (KernelEvent e : changes) {
            TcpState s = e.state().tcpState();
            if (s == TcpState.CLOSED && !resetOnThisSide && e.oldState() != KernelTcpState.TCP_LAST_ACK) {
                open = true;
                break;
            }
            if (s != null && (kernel.isEmpty() || kernel.get(kernel.size() - 1) != s)) {
                kernel.add(s);
            }
        }
        List<TcpState> wire = new ArrayList<>();
        List<Long> wireFrames = new ArrayList<>();
        for (StateChange c : r.timeline()) {
            if (c.side() == side && (wire.isEmpty() || wire.get(wire.size() - 1) != c.state())) {
                wire.add(c.state());
                wireFrames.add(c.frame());
            }
        }
        dropFinWait2WithinOneSegment(r, side, kernel, wire, wireFrames);
        if (!wire.isEmpty() && wire.get(0) != TcpState.SYN_SENT && wire.get(0) != TcpState.SYN_RECEIVED
                && kernel.indexOf(wire.get(0)) > 0) {
            // The capture began mid-connection: the wire shows the kernel's story from its first
            // state on, not the states before it.
            kernel = new ArrayList<>(kernel.subList(kernel.indexOf(wire.get(0)), kernel.size()));
        }
        boolean agrees = open ? startsWith(wire, kernel) : wire.equals(kernel);
        String kernelText = side.wire() + " " + kernel + (open ? " then a mini-socket or local close the tracepoints do not follow" : "");
        return Optional.of(new Finding(Aspect.STATES, agrees, kernelText, side.wire() + " " + wire));
    }

    /**
     * The report's timeline keeps one state per endpoint per frame, the state after it. When the
     * peer's FIN carries the ACK of this side's FIN, the kernel passes FIN_WAIT_2 inside that
     * one segment (RFC 9293 §3.10.7.4: ACK in step five, FIN in step eight) and the timeline
     * goes FIN_WAIT_1 -> TIME_WAIT at that frame: a state no segment of the wire ever shows.
     * Only then is that FIN_WAIT_2 left out of the kernel's sequence.
     */
    private static void dropFinWait2WithinOneSegment(ConnectionReport r, Side side, List<TcpState> kernel,
                                                     List<TcpState> wire, List<Long> wireFrames) {
        int k = kernel.indexOf(TcpState.FIN_WAIT_2);
        int w = wire.indexOf(TcpState.FIN_WAIT_1);
        if (k <= 0 || kernel.get(k - 1) != TcpState.FIN_WAIT_1 || w < 0 || w + 1 >= wire.size()
                || wire.get(w + 1) != TcpState.TIME_WAIT) {
            return;
        }
        long frame = wireFrames.get(w + 1);
        boolean finWithAck = r.segments().stream().anyMatch(s -> s.frame() == frame && s.from() == side.opposite()
                && s.flags().contains("F") && s.flags().contains("."));
        if (finWithAck) {
            kernel.remove(k);
        }
    }

    private static boolean startsWith(List<TcpState> list, List<TcpState> prefix) {
        return list.size() >= prefix.size() && list.subList(0, prefix.size()).equals(prefix);
    }

    private static Finding errorFinding(ConnectionReport r, KernelEvent e) {
        Side side = sideOf(r, e);
        CallResult result = RESULT_OF_ERRNO.get(e.errno());
        String kernel = "errno " + e.errno() + " handed to the " + side.wire() + "'s socket"
                + (result == null ? "" : " (" + result + ")");
        List<String> predicted = r.outcomes().stream().filter(o -> o.side() == side)
                .map(o -> o.call().wire() + " " + o.result()).toList();
        boolean agrees = result != null && r.outcomes().stream()
                .anyMatch((Outcome o) -> o.side() == side && o.result() == result);
        return new Finding(Aspect.ERROR, agrees, kernel, side.wire() + " outcomes " + predicted);
    }
}
