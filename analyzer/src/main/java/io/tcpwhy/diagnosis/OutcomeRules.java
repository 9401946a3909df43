package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import java.util.ArrayList;
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
 * The {@code why} texts are built on first request, from a recorder that no longer changes:
 * each outcome holds a {@link Why}, the kind of text and the side, and the text reads the
 * frames from the recorder then.
 */
final class OutcomeRules {

    /** Outcomes of a typical connection: connect, an EOF or a reset on each side. */
    private static final int USUAL_OUTCOMES = 4;

    private final ConnectionRecorder rec;
    private final List<Outcome> out = new ArrayList<>(USUAL_OUTCOMES);

    private OutcomeRules(ConnectionRecorder rec) {
        this.rec = rec;
    }

    static List<Outcome> predict(ConnectionRecorder rec) {
        OutcomeRules rules = new OutcomeRules(rec);
        rules.connect();
        rules.predict(Side.CLIENT);
        rules.predict(Side.SERVER);
        return inFrameOrder(rules.out);
    }

    /** The outcomes sorted by frame, the rules' order kept within a frame; usually they are in order already. */
    private static List<Outcome> inFrameOrder(List<Outcome> out) {
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).frame() < out.get(i - 1).frame()) {
                out.sort((x, y) -> Long.compare(x.frame(), y.frame())); // stable: equal frames keep their order
                break;
            }
        }
        switch (out.size()) {
            case 0:
                return List.of();
            case 1:
                return List.of(out.get(0));
            case 2:
                return List.of(out.get(0), out.get(1));
            default:
                return List.copyOf(out);
        }
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
        // A SYN-ACK that acknowledged the client's SYN (ISN + 1): a kernel in SYN_SENT answers any
        // other with RST and keeps waiting (RFC 9293 §3.10.7.3), so only this one ends connect().
        boolean synAck = s.sentSyn() && s.synWithAck && c.synAcked
                && c.synAckedFrame >= s.synFrame && c.synAckedFrame <= s.lastSynFrame;
        if (synAck && c.resetFrame() != NONE && !s.synAcked) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT, c.lastSynFrame, Kind.CONNECT_GAVE_UP);
        } else if (synAck) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.OK, c.synAckedFrame, Kind.CONNECTED);
        } else if (c.resetReceivedFrame() != NONE && c.stateWhenReset() == TcpState.SYN_SENT) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.ECONNREFUSED, c.resetReceivedFrame(), Kind.REFUSED);
        } else if (s.base == NONE || (s.resetFrame() == NONE && !s.sentSyn())) {
            add(Side.CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT, c.lastSynFrame, Kind.UNANSWERED);
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
        add(side, SocketCall.READ, CallResult.EOF, peer.finFrame, Kind.EOF);
    }

    /** A write after the peer's FIN succeeds; if the peer had closed, it draws the RST. */
    private void writesAfterPeerFin(Side side) {
        EndpointTrack me = rec.track(side);
        if (me.dataAfterPeerFinFrame() == NONE) {
            return;
        }
        add(side, SocketCall.WRITE, CallResult.OK, me.dataAfterPeerFinFrame(), Kind.WRITE_AFTER_FIN);
    }

    private void resetReceived(Side side) {
        EndpointTrack me = rec.track(side);
        long rst = me.resetReceivedFrame();
        // Before the handshake ends no call sees the reset: in SYN_SENT connect() fails (see
        // connect()); in SYN_RECEIVED the kernel drops the request and accept() never returns it.
        if (rst == NONE || me.stateWhenReset() == TcpState.SYN_SENT || me.stateWhenReset() == TcpState.SYN_RECEIVED
                || !me.openAt(rst)) {
            return;
        }
        if (ProductionRules.gaveUp(rec.track(side.opposite()))) {
            return; // sent by a kernel giving up on a peer that had stopped answering: it most likely never arrived
        }
        if (me.finReceivedBeforeReset()) {
            add(side, SocketCall.WRITE, CallResult.EPIPE, rst, Kind.RESET_IN_CLOSE_WAIT);
            return;
        }
        add(side, SocketCall.READ, CallResult.ECONNRESET, rst, Kind.RESET_READ);
        if (!me.sentFin()) {
            add(side, SocketCall.WRITE, CallResult.ECONNRESET, rst, Kind.RESET_FIRST_WRITE);
            add(side, SocketCall.WRITE, CallResult.EPIPE, rst, Kind.RESET_LATER_WRITES);
        }
    }

    /** Retransmissions or keep-alive probes with nothing back: the kernel gives up with ETIMEDOUT. */
    private void retransmissionTimeout(Side side) {
        EndpointTrack me = rec.track(side);
        boolean data = retransmittedData(me);
        boolean probes = !data && me.probes().count() >= ProductionRules.UNREACHABLE_PROBES;
        long last = lastRetry(me);
        // A RST after the run is the kernel giving up (Linux resets when keep-alive probes run out), not a close.
        boolean resetByKernel = me.reset() && me.resetFrame() > last;
        if (!data && !probes || me.reset() && !resetByKernel || me.sentFin() && !me.halfClosed()) {
            return;
        }
        add(side, SocketCall.READ, CallResult.ETIMEDOUT, last, Kind.TIMEOUT_READ);
        if (data) {
            add(side, SocketCall.WRITE, CallResult.ETIMEDOUT, last, Kind.TIMEOUT_WRITE);
        }
        // The error is handed out once; the socket is dead after it (a silent peer in the lab of
        // issue 10: recv ETIMEDOUT, then send EPIPE).
        add(side, SocketCall.WRITE, CallResult.EPIPE, last, Kind.TIMEOUT_LATER_WRITES);
    }

    private static boolean retransmittedData(EndpointTrack t) {
        return t.retransmits().count() >= ProductionRules.UNREACHABLE_RETRANSMISSIONS;
    }

    /** The last retransmission, or the last keep-alive probe when the data was not retransmitted enough. */
    private static long lastRetry(EndpointTrack t) {
        return (retransmittedData(t) ? t.retransmits() : t.probes()).lastFrame();
    }

    /** {@code why} is built when something first asks for it (most outputs print no outcome of most connections). */
    private void add(Side side, SocketCall call, CallResult result, long frame, Kind kind) {
        out.add(Outcome.lazy(side, call, result, frame, new Why(kind, rec, side)));
    }

    /** The kinds of {@code why} text, one per rule above. */
    private enum Kind {
        CONNECT_GAVE_UP, CONNECTED, REFUSED, UNANSWERED, EOF, WRITE_AFTER_FIN, RESET_IN_CLOSE_WAIT, RESET_READ,
        RESET_FIRST_WRITE, RESET_LATER_WRITES, TIMEOUT_READ, TIMEOUT_WRITE, TIMEOUT_LATER_WRITES
    }

    /**
     * The {@code why} of one outcome, written when first asked for, from what {@code rec}
     * (which no longer changes) holds for {@code side}: one small object per outcome instead
     * of a lambda capturing the frames, which was linked and allocated through method handles
     * until the JIT compiled the rule.
     */
    private record Why(Kind kind, ConnectionRecorder rec, Side side) implements Supplier<String> {

        @Override
        public String get() {
            EndpointTrack me = rec.track(side);
            EndpointTrack peer = rec.track(side.opposite());
            switch (kind) {
                case CONNECT_GAVE_UP:
                    return Text.begin().add("Likely: the client answered the server's SYN-ACK (frame ").num(peer.synFrame)
                            .add(") with RST (frame ").num(me.resetFrame()).add("), so its connect() had already given up"
                                    + " before the SYN-ACK arrived, most often on a connect timeout.").done();
                case CONNECTED:
                    return Text.begin().add("Certain from the wire: the server's SYN-ACK (frame ").num(me.synAckedFrame)
                            .add(") answered the SYN, and connect() returns as it arrives. The server's accept() returns"
                                    + " only if its application calls it; the kernel completed the handshake alone.")
                            .done();
                case REFUSED:
                    return Text.begin().add("Certain from the wire: the SYN (frame ").num(me.synFrame)
                            .add(") was answered with RST (frame ").num(me.resetReceivedFrame()).add("), which a kernel in"
                                    + " SYN_SENT reports as ECONNREFUSED (Connection refused).").done();
                case UNANSWERED:
                    return Text.begin().add("Predicted: nothing answered the SYN (last sent in frame ").num(me.lastSynFrame)
                            .add(") by the end of the capture; connect() fails with ETIMEDOUT when its timeout expires"
                                    + " (Java: SocketTimeoutException: Connect timed out; without one, after the kernel's"
                                    + " SYN retries, about 2 minutes on Linux).").done();
                case EOF:
                    return peerFin(me, peer);
                case WRITE_AFTER_FIN:
                    return writeAfterPeerFin(me, peer);
                case RESET_IN_CLOSE_WAIT:
                    return reset(me, "Predicted for the next write: the RST arrived after the peer's FIN (in CLOSE_WAIT),"
                            + " for which Linux records EPIPE, so write() fails with EPIPE (Broken pipe); the write before"
                            + " it had succeeded.");
                case RESET_READ:
                    return reset(me, "Predicted for a read blocked when it arrives or made after it, once queued data is"
                            + " read: ECONNRESET (Connection reset; no FIN came first).");
                case RESET_FIRST_WRITE:
                    return reset(me, "Predicted when a write is the first call after the reset: it reports the pending"
                            + " ECONNRESET.");
                case RESET_LATER_WRITES:
                    return reset(me, "Predicted for writes once the reset has been reported: the connection is gone,"
                            + " write() fails with EPIPE (Broken pipe).");
                case TIMEOUT_READ:
                    return timedOut(me, "read reports (Java: SocketException: Connection timed out; Go: read: connection"
                            + " timed out).");
                case TIMEOUT_WRITE:
                    return timedOut(me, "write reports; the write that queued the data had already returned OK.");
                case TIMEOUT_LATER_WRITES:
                    return timedOut(me, "call reports; the connection is gone after it, so writes that follow fail"
                            + " with EPIPE (Broken pipe).");
                default:
                    throw new IllegalStateException("no why for " + kind);
            }
        }

        private String peerFin(EndpointTrack me, EndpointTrack peer) {
            Text t = Text.begin().frame(peer.finFrame).add(": ").the(side.opposite())
                    .add("'s FIN. Predicted for every read after it: ");
            if (peer.payloadBytes > 0) {
                t.add("once the ").bytes(peer.payloadBytes).add(" sent before it are read, ");
            }
            t.add("read() returns EOF (Java -1, C 0, Go io.EOF).");
            if (me.resetReceivedFrame() != NONE && me.finReceivedBeforeReset()) {
                t.add(" The RST in frame ").num(me.resetReceivedFrame()).add(" does not change that on Linux: the FIN"
                        + " was queued before the reset, so reads keep returning EOF, not ECONNRESET (Windows reports"
                        + " WSAECONNABORTED or WSAECONNRESET instead).");
            }
            if (!me.sentFin() && me.payloadBytes == 0 && me.unanswered > 0) {
                t.add(" Nothing on the wire shows that ").the(side).add("'s application read at all: its kernel"
                        + " acknowledged everything, as it does for a connection never accept()ed.");
            }
            return t.done();
        }

        private String writeAfterPeerFin(EndpointTrack me, EndpointTrack peer) {
            Text t = Text.begin().add("Certain from the wire: the write's ").bytes(me.bytesAfterPeerFin())
                    .add(" left in frame ").num(me.dataAfterPeerFinFrame()).add(", after ").the(side.opposite())
                    .add("'s FIN (frame ").num(peer.finFrame).add("); a FIN only says the peer will send no more.");
            if (peer.reset() && peer.resetAfterOwnFin() && peer.resetFrame() > me.dataAfterPeerFinFrame()) {
                t.add(" It drew ").the(side.opposite()).add("'s RST (frame ").num(peer.resetFrame())
                        .add("): that socket had been closed, not only shut down for output.");
            }
            return t.done();
        }

        /** {@code frame N: the server's RST. } and what it means for the call. */
        private String reset(EndpointTrack me, String prediction) {
            return Text.begin().frame(me.resetReceivedFrame()).add(": ").the(side.opposite()).add("'s RST. ")
                    .add(prediction).done();
        }

        /** The kernel's retries on the side's data or probes running out, and what {@code call} reports. */
        private String timedOut(EndpointTrack me, String call) {
            boolean data = retransmittedData(me);
            return Text.begin().frame(lastRetry(me)).add(": ").the(side).add("'s last ")
                    .add(data ? "retransmission" : "keep-alive probe").add(", with nothing back from ")
                    .the(side.opposite()).add(". Predicted: once the kernel's retries run out (tcp_retries2 or"
                            + " TCP_USER_TIMEOUT").add(data ? "" : "; TCP_KEEPCNT for probes").add(") the connection is"
                            + " dropped with ETIMEDOUT, which a blocked or next ").add(call).done();
        }
    }
}
