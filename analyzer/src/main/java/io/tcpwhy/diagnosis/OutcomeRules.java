package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * What each side's connect, read and write return because of what arrived, by Linux's
 * rules (net/ipv4/tcp_input.c {@code tcp_reset}, {@code tcp_fin}; tcp.c {@code tcp_recvmsg}):
 * <ul>
 * <li>a RST in SYN_SENT makes connect() fail with ECONNREFUSED; a SYN never answered, ETIMEDOUT;
 * <li>a FIN marks the receive side done: once queued data is read, read() returns EOF;
 * <li>a RST records ECONNRESET, or EPIPE when it arrives in CLOSE_WAIT. recv() checks
 *     "FIN seen" before the pending error, so after FIN-then-RST reads keep returning EOF,
 *     and the next write reports EPIPE; without a FIN first, the next call reports
 *     ECONNRESET and writes after that fail with EPIPE (the send side is shut down).
 * </ul>
 * Only calls on sockets that were still open are predicted: a side that sent FIN is taken
 * to have closed unless it later took in data (shutdownOutput). Each {@code why} says
 * whether the wire proves the result or predicts what the call returns when it is made.
 * The {@code why} texts are built on first request, from a recorder that no longer changes.
 */
final class OutcomeRules {

    /** Outcomes in frame order; a stable sort keeps the rules' order within a frame. */
    private static final Comparator<Outcome> BY_FRAME = Comparator.comparingLong(Outcome::frame);

    private final ConnectionRecorder rec;
    private final List<Outcome> out = new ArrayList<>();

    private OutcomeRules(ConnectionRecorder rec) {
        this.rec = rec;
    }

    static List<Outcome> predict(ConnectionRecorder rec) {
        OutcomeRules rules = new OutcomeRules(rec);
        rules.connect();
        rules.predict(Side.CLIENT);
        rules.predict(Side.SERVER);
        if (rules.out.isEmpty()) {
            return List.of();
        }
        rules.out.sort(BY_FRAME);
        return List.copyOf(rules.out);
    }

    private void predict(Side side) {
        peerFin(side);
        writesAfterPeerFin(side);
        resetReceived(side);
        retransmissionTimeout(side);
    }

    private void connect() {
        EndpointTrack c = rec.track(Side.CLIENT);
        EndpointTrack s = rec.track(Side.SERVER);
        if (!c.sentSyn() || c.synWithAck) {
            return;
        }
        boolean synAck = s.sentSyn() && s.synWithAck;
        if (synAck && c.resetFrame() != NONE && !s.synAcked) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT, c.lastSynFrame, () -> Text.begin()
                    .add("Likely: the client answered the server's SYN-ACK (frame ").num(s.synFrame).add(") with RST (frame ")
                    .num(c.resetFrame()).add("), so its connect() had already given up before the SYN-ACK arrived, most"
                            + " often on a connect timeout.").done());
        } else if (synAck) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.OK, s.synFrame, () -> Text.begin()
                    .add("Certain from the wire: the server's SYN-ACK (frame ").num(s.synFrame).add(") answered the SYN,"
                            + " and connect() returns as it arrives. The server's accept() returns only if its application"
                            + " calls it; the kernel completed the handshake alone.").done());
        } else if (c.resetReceivedFrame() != NONE && c.stateWhenReset() == TcpState.SYN_SENT) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.ECONNREFUSED, c.resetReceivedFrame(), () -> Text.begin()
                    .add("Certain from the wire: the SYN (frame ").num(c.synFrame).add(") was answered with RST (frame ")
                    .num(c.resetReceivedFrame()).add("), which a kernel in SYN_SENT reports as ECONNREFUSED (Connection"
                            + " refused).").done());
        } else if (s.base == NONE || (s.resetFrame() == NONE && !s.sentSyn())) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT, c.lastSynFrame, () -> Text.begin()
                    .add("Predicted: nothing answered the SYN (last sent in frame ").num(c.lastSynFrame).add(") by the end"
                            + " of the capture; connect() fails with ETIMEDOUT when its timeout expires (Java:"
                            + " SocketTimeoutException: Connect timed out; without one, after the kernel's SYN retries,"
                            + " about 2 minutes on Linux).").done());
        }
    }

    /** EOF once the peer's FIN has arrived, unless the side had already closed its socket. */
    private void peerFin(Side side) {
        EndpointTrack me = rec.track(side);
        EndpointTrack peer = rec.track(side.opposite());
        if (!peer.sentFin() || !me.openAt(peer.finFrame)
                || (me.resetReceivedFrame() != NONE && me.resetReceivedFrame() < peer.finFrame)) {
            return;
        }
        add(side, SocketCall.READ, CallResult.EOF, peer.finFrame, () -> peerFinWhy(side, me, peer));
    }

    private static String peerFinWhy(Side side, EndpointTrack me, EndpointTrack peer) {
        Text t = Text.begin().frame(peer.finFrame).add(": ").the(side.opposite())
                .add("'s FIN. Predicted for every read after it: ");
        if (peer.payloadBytes > 0) {
            t.add("once the ").bytes(peer.payloadBytes).add(" sent before it are read, ");
        }
        t.add("read() returns EOF (Java -1, C 0, Go io.EOF).");
        if (me.resetReceivedFrame() != NONE && me.finReceivedBeforeReset()) {
            t.add(" The RST in frame ").num(me.resetReceivedFrame()).add(" does not change that on Linux: the FIN was"
                    + " queued before the reset, so reads keep returning EOF, not ECONNRESET (Windows reports"
                    + " WSAECONNABORTED or WSAECONNRESET instead).");
        }
        if (!me.sentFin() && me.payloadBytes == 0 && me.unanswered > 0) {
            t.add(" Nothing on the wire shows that ").the(side).add("'s application read at all: its kernel acknowledged"
                    + " everything, as it does for a connection never accept()ed.");
        }
        return t.done();
    }

    /** A write after the peer's FIN succeeds; if the peer had closed, it draws the RST. */
    private void writesAfterPeerFin(Side side) {
        EndpointTrack me = rec.track(side);
        EndpointTrack peer = rec.track(side.opposite());
        if (me.dataAfterPeerFinFrame() == NONE) {
            return;
        }
        add(side, SocketCall.WRITE, CallResult.OK, me.dataAfterPeerFinFrame(), () -> {
            Text t = Text.begin().add("Certain from the wire: the write's ").bytes(me.bytesAfterPeerFin())
                    .add(" left in frame ").num(me.dataAfterPeerFinFrame()).add(", after ").the(side.opposite())
                    .add("'s FIN (frame ").num(peer.finFrame).add("); a FIN only says the peer will send no more.");
            if (peer.reset() && peer.resetAfterOwnFin() && peer.resetFrame() > me.dataAfterPeerFinFrame()) {
                t.add(" It drew ").the(side.opposite()).add("'s RST (frame ").num(peer.resetFrame())
                        .add("): that socket had been closed, not only shut down for output.");
            }
            return t.done();
        });
    }

    private void resetReceived(Side side) {
        EndpointTrack me = rec.track(side);
        long rst = me.resetReceivedFrame();
        if (rst == NONE || me.stateWhenReset() == TcpState.SYN_SENT || !me.openAt(rst)) {
            return;
        }
        if (ProductionRules.gaveUp(rec.track(side.opposite()))) {
            return; // sent by a kernel giving up on a peer that had stopped answering: it most likely never arrived
        }
        if (me.finReceivedBeforeReset()) {
            add(side, SocketCall.WRITE, CallResult.EPIPE, rst, () -> resetWhy(side, rst, "Predicted for the next write:"
                    + " the RST arrived after the peer's FIN (in CLOSE_WAIT), for which Linux records EPIPE, so write()"
                    + " fails with EPIPE (Broken pipe); the write before it had succeeded."));
            return;
        }
        add(side, SocketCall.READ, CallResult.ECONNRESET, rst, () -> resetWhy(side, rst, "Predicted for a read blocked"
                + " when it arrives or made after it, once queued data is read: ECONNRESET (Connection reset; no FIN came"
                + " first)."));
        if (!me.sentFin()) {
            add(side, SocketCall.WRITE, CallResult.ECONNRESET, rst, () -> resetWhy(side, rst, "Predicted when a write is"
                    + " the first call after the reset: it reports the pending ECONNRESET."));
            add(side, SocketCall.WRITE, CallResult.EPIPE, rst, () -> resetWhy(side, rst, "Predicted for writes once the"
                    + " reset has been reported: the connection is gone, write() fails with EPIPE (Broken pipe)."));
        }
    }

    /** {@code frame N: the server's RST. } and what it means for the call. */
    private static String resetWhy(Side side, long rst, String prediction) {
        return Text.begin().frame(rst).add(": ").the(side.opposite()).add("'s RST. ").add(prediction).done();
    }

    /** Retransmissions or keep-alive probes with nothing back: the kernel gives up with ETIMEDOUT. */
    private void retransmissionTimeout(Side side) {
        EndpointTrack me = rec.track(side);
        boolean data = me.retransmits().count() >= ProductionRules.UNREACHABLE_RETRANSMISSIONS;
        boolean probes = !data && me.probes().count() >= ProductionRules.UNREACHABLE_PROBES;
        long last = (data ? me.retransmits() : me.probes()).lastFrame();
        // A RST after the run is the kernel giving up (Linux resets when keep-alive probes run out), not a close.
        boolean resetByKernel = me.reset() && me.resetFrame() > last;
        if (!data && !probes || me.reset() && !resetByKernel || me.sentFin() && !me.halfClosed()) {
            return;
        }
        add(side, SocketCall.READ, CallResult.ETIMEDOUT, last, () -> timedOutWhy(side, last, data, "read reports (Java:"
                + " SocketException: Connection timed out; Go: read: connection timed out)."));
        if (data) {
            add(side, SocketCall.WRITE, CallResult.ETIMEDOUT, last, () -> timedOutWhy(side, last, true, "write reports;"
                    + " the write that queued the data had already returned OK."));
        }
    }

    /** The kernel's retries on {@code side}'s data ({@code data}) or probes running out, and what {@code call} reports. */
    private static String timedOutWhy(Side side, long last, boolean data, String call) {
        return Text.begin().frame(last).add(": ").the(side).add("'s last ").add(data ? "retransmission" : "keep-alive probe")
                .add(", with nothing back from ").the(side.opposite()).add(". Predicted: once the kernel's retries run out"
                        + " (tcp_retries2 or TCP_USER_TIMEOUT").add(data ? "" : "; TCP_KEEPCNT for probes")
                .add(") the connection is dropped with ETIMEDOUT, which a blocked or next ").add(call).done();
    }

    /** {@code why} is built when something first asks for it (most outputs print no outcome of most connections). */
    private void add(Side side, SocketCall call, CallResult result, long frame, Supplier<String> why) {
        out.add(Outcome.lazy(side, call, result, frame, why));
    }
}
