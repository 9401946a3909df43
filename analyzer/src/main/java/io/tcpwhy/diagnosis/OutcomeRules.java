package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;
import static io.tcpwhy.diagnosis.Words.bytes;
import static io.tcpwhy.diagnosis.Words.the;

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

    private final ConnectionRecorder rec;
    private final List<Outcome> out = new ArrayList<>();

    private OutcomeRules(ConnectionRecorder rec) {
        this.rec = rec;
    }

    static List<Outcome> predict(ConnectionRecorder rec) {
        OutcomeRules rules = new OutcomeRules(rec);
        rules.connect();
        for (Side side : Side.BOTH) {
            rules.peerFin(side);
            rules.writesAfterPeerFin(side);
            rules.resetReceived(side);
            rules.retransmissionTimeout(side);
        }
        rules.out.sort(Comparator.comparingLong(Outcome::frame));
        return List.copyOf(rules.out);
    }

    private void connect() {
        EndpointTrack c = rec.track(Side.CLIENT);
        EndpointTrack s = rec.track(Side.SERVER);
        if (!c.sentSyn() || c.synWithAck) {
            return;
        }
        boolean synAck = s.sentSyn() && s.synWithAck;
        if (synAck && c.resetFrame() != NONE && !s.synAcked) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT, c.lastSynFrame,
                    () -> "Likely: the client answered"
                    + " the server's SYN-ACK (frame " + s.synFrame + ") with RST (frame " + c.resetFrame() + "), so its"
                    + " connect() had already given up before the SYN-ACK arrived, most often on a connect timeout.");
        } else if (synAck) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.OK, s.synFrame, () -> "Certain from the wire: the server's"
                    + " SYN-ACK (frame " + s.synFrame + ") answered the SYN, and connect() returns as it arrives."
                    + " The server's accept() returns only if its application calls it; the kernel completed the"
                    + " handshake alone.");
        } else if (c.resetReceivedFrame() != NONE && c.stateWhenReset() == TcpState.SYN_SENT) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.ECONNREFUSED, c.resetReceivedFrame(), () -> "Certain from the"
                    + " wire: the SYN (frame " + c.synFrame + ") was answered with RST (frame " + c.resetReceivedFrame()
                    + "), which a kernel in SYN_SENT reports as ECONNREFUSED (Connection refused).");
        } else if (s.base == NONE || (s.resetFrame() == NONE && !s.sentSyn())) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT, c.lastSynFrame,
                    () -> "Predicted: nothing answered"
                    + " the SYN (last sent in frame " + c.lastSynFrame + ") by the end of the capture; connect() fails"
                    + " with ETIMEDOUT when its timeout expires (Java: SocketTimeoutException: Connect timed out;"
                    + " without one, after the kernel's SYN retries, about 2 minutes on Linux).");
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
        add(side, SocketCall.READ, CallResult.EOF, peer.finFrame, () -> {
            StringBuilder why = new StringBuilder("frame " + peer.finFrame + ": " + the(side.opposite()) + "'s FIN. ");
            long queued = me.unanswered;
            why.append("Predicted for every read after it: ");
            if (peer.payloadBytes > 0) {
                why.append("once the ").append(bytes(peer.payloadBytes)).append(" sent before it are read, ");
            }
            why.append("read() returns EOF (Java -1, C 0, Go io.EOF).");
            if (me.resetReceivedFrame() != NONE && me.finReceivedBeforeReset()) {
                why.append(" The RST in frame ").append(me.resetReceivedFrame()).append(" does not change that on Linux:"
                        + " the FIN was queued before the reset, so reads keep returning EOF, not ECONNRESET (Windows"
                        + " reports WSAECONNABORTED or WSAECONNRESET instead).");
            }
            if (!me.sentFin() && me.payloadBytes == 0 && queued > 0) {
                why.append(" Nothing on the wire shows that ").append(the(side)).append("'s application read at all:"
                        + " its kernel acknowledged everything, as it does for a connection never accept()ed.");
            }
            return why.toString();
        });
    }

    /** A write after the peer's FIN succeeds; if the peer had closed, it draws the RST. */
    private void writesAfterPeerFin(Side side) {
        EndpointTrack me = rec.track(side);
        EndpointTrack peer = rec.track(side.opposite());
        if (me.dataAfterPeerFinFrame() == NONE) {
            return;
        }
        add(side, SocketCall.WRITE, CallResult.OK, me.dataAfterPeerFinFrame(), () -> {
            StringBuilder why = new StringBuilder("Certain from the wire: the write's " + bytes(me.bytesAfterPeerFin())
                    + " left in frame " + me.dataAfterPeerFinFrame() + ", after " + the(side.opposite()) + "'s FIN (frame "
                    + peer.finFrame + "); a FIN only says the peer will send no more.");
            if (peer.reset() && peer.resetAfterOwnFin() && peer.resetFrame() > me.dataAfterPeerFinFrame()) {
                why.append(" It drew ").append(the(side.opposite())).append("'s RST (frame ").append(peer.resetFrame())
                        .append("): that socket had been closed, not only shut down for output.");
            }
            return why.toString();
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
        Supplier<String> from = () -> "frame " + rst + ": " + the(side.opposite()) + "'s RST. ";
        if (me.finReceivedBeforeReset()) {
            add(side, SocketCall.WRITE, CallResult.EPIPE, rst,
                    () -> from.get() + "Predicted for the next write: the RST arrived"
                    + " after the peer's FIN (in CLOSE_WAIT), for which Linux records EPIPE, so write() fails with"
                    + " EPIPE (Broken pipe); the write before it had succeeded.");
            return;
        }
        add(side, SocketCall.READ, CallResult.ECONNRESET, rst,
                () -> from.get() + "Predicted for a read blocked when it arrives or"
                + " made after it, once queued data is read: ECONNRESET (Connection reset; no FIN came first).");
        if (!me.sentFin()) {
            add(side, SocketCall.WRITE, CallResult.ECONNRESET, rst,
                    () -> from.get() + "Predicted when a write is the first call"
                    + " after the reset: it reports the pending ECONNRESET.");
            add(side, SocketCall.WRITE, CallResult.EPIPE, rst,
                    () -> from.get() + "Predicted for writes once the reset has been"
                    + " reported: the connection is gone, write() fails with EPIPE (Broken pipe).");
        }
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
        Supplier<String> why = () -> "frame " + last + ": " + the(side)
                + "'s last " + (data ? "retransmission" : "keep-alive probe")
                + ", with nothing back from " + the(side.opposite()) + ". Predicted: once the kernel's retries run out"
                + " (tcp_retries2 or TCP_USER_TIMEOUT" + (probes ? "; TCP_KEEPCNT for probes" : "") + ") the"
                + " connection is dropped with ETIMEDOUT, which a blocked or next ";
        add(side, SocketCall.READ, CallResult.ETIMEDOUT, last, () -> why.get() + "read reports (Java: SocketException:"
                + " Connection timed out; Go: read: connection timed out).");
        if (data) {
            add(side, SocketCall.WRITE, CallResult.ETIMEDOUT, last,
                    () -> why.get() + "write reports; the write that queued the"
                    + " data had already returned OK.");
        }
    }

    /** {@code why} is built when something first asks for it (most outputs print no outcome of most connections). */
    private void add(Side side, SocketCall call, CallResult result, long frame, Supplier<String> why) {
        out.add(Outcome.lazy(side, call, result, frame, why));
    }
}
