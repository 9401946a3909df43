package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;

import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.TcpState;
import java.util.function.Supplier;

/**
 * Decides how a recorded connection ended. The opening is judged first (refused,
 * unanswered, incomplete); then the first reset the receiver accepted, told apart by
 * whether its sender had closed before (RST_AFTER_CLOSE) or had received data it never
 * answered (RST_UNREAD_DATA) or neither (RST_ABORT); then the FINs.
 *
 * <p>The code and the side are decided here at once; the wording (summary, detail, and the
 * evidence frames the detail cites) is left to a {@link Story} that {@link Diagnosis} asks
 * when something first wants it, written through {@link Text}. The wordings read
 * {@code rec}, which no longer changes.
 */
final class DiagnosisRules {

    private final ConnectionRecorder rec;
    private final EndpointTrack client;
    private final EndpointTrack server;

    /** @param rec a recorder that no longer changes (a {@link ConnectionRecorder#forWording()} copy) */
    DiagnosisRules(ConnectionRecorder rec) {
        this.rec = rec;
        this.client = rec.track(Side.CLIENT);
        this.server = rec.track(Side.SERVER);
    }

    /** The timing findings as sentences, for the details that end with them. */
    private void timing(Text t) {
        AnnotationRules.narrate(rec, t);
    }

    Diagnosis diagnose() {
        ProductionRules production = new ProductionRules(rec);
        if (client.sentSyn() && !client.synWithAck) {
            Diagnosis opening = opening();
            if (opening != null) {
                return opening;
            }
            Diagnosis overflow = production.acceptQueueOverflow();
            if (overflow != null) {
                return overflow;
            }
        }
        Diagnosis unreachable = production.peerUnreachable();
        if (unreachable != null) {
            return unreachable;
        }
        Side resetter = firstReset();
        if (resetter != null) {
            Diagnosis forgotten = production.idleForgotten(resetter);
            if (forgotten != null) {
                return forgotten;
            }
            Diagnosis stale = production.stalePooled(resetter);
            return stale != null ? stale : reset(resetter);
        }
        Diagnosis gaveUp = production.serverGaveUp();
        if (gaveUp != null) {
            return gaveUp;
        }
        if (client.sentFin() && server.sentFin()) {
            Side first = client.finFrame <= server.finFrame ? Side.CLIENT : Side.SERVER;
            return track(first.opposite()).bytesAfterPeerFin() > 0 ? halfClose(first) : orderly(first);
        }
        if (client.sentFin() || server.sentFin()) {
            Side closer = client.sentFin() ? Side.CLIENT : Side.SERVER;
            if (track(closer).finAckedFrame != NONE) {
                return closeWait(closer);
            }
            return finUnacknowledged(closer);
        }
        if (client.state == TcpState.ESTABLISHED && server.state == TcpState.ESTABLISHED) {
            return open();
        }
        return unknown();
    }

    private Diagnosis opening() {
        boolean synAck = server.sentSyn() && server.synWithAck;
        if (!synAck) {
            if (client.resetReceivedFrame() != NONE && client.stateWhenReset() == TcpState.SYN_SENT) {
                return refused();
            }
            if (server.base == NONE || server.rstCount() > 0 && server.resetFrame() == NONE) {
                return synUnanswered();
            }
            return null;
        }
        return server.synAcked ? null : handshakeIncomplete();
    }

    private Diagnosis refused() {
        return story(DiagnosisCode.REFUSED, Side.SERVER, Kind.REFUSED, null);
    }

    private Diagnosis.Wording refusedWording() {
        long rst = client.resetReceivedFrame();
        Text t = Text.begin();
        String summary = t.add("The server answered the client's SYN (frame ").num(client.synFrame).add(") with RST (frame ")
                .num(rst).add("): nothing was listening on ").endpoint(rec.endpoint(Side.SERVER)).add('.').take();
        t.frame(client.synFrame).add(": the client's SYN to ").endpoint(rec.endpoint(Side.SERVER)).add("; ").frame(rst)
                .add(": the server's RST acknowledging it. A host answers a SYN with RST when no socket listens on the"
                        + " port (or a firewall rejects with a reset), so the client's connect() failed at once with"
                        + " ECONNREFUSED.");
        if (client.synCount > 1) {
            t.add(" The SYN had been sent ").num(client.synCount).add(" times.");
        }
        return t.wording(summary, client.synFrame, rst);
    }

    private Diagnosis synUnanswered() {
        return story(DiagnosisCode.SYN_UNANSWERED, null, Kind.SYN_UNANSWERED, null);
    }

    private Diagnosis.Wording synUnansweredWording() {
        Text t = Text.begin();
        t.add("The client's SYN to ").endpoint(rec.endpoint(Side.SERVER));
        if (client.synCount > 1) {
            t.add(", sent ").num(client.synCount).add(" times,");
        }
        String summary = t.add(" was never answered.").take();
        t.frame(client.synFrame).add(": the client's SYN");
        if (client.synCount > 1) {
            int again = client.synCount - 1;
            t.add("; ").frame(client.lastSynFrame).add(": its last retransmission (").num(again)
                    .add(again == 1 ? " retransmission" : " retransmissions")
                    .add(" in all)");
        }
        t.add(". Neither SYN-ACK nor an acceptable RST came back by the end of the capture, so the SYN was dropped:"
                + " a listener whose accept queue is full (Linux drops SYNs while it is), a firewall that drops"
                + " instead of rejecting, or a host that is down or unreachable. connect() fails with ETIMEDOUT once"
                + " its timeout (or the kernel's SYN retries) runs out.");
        if (server.rstCount() > 0) {
            t.add(" The server's RST was not acceptable to the client (it did not acknowledge the SYN) and was"
                    + " ignored.");
        }
        return t.wording(summary, client.synFrame, client.lastSynFrame);
    }

    private Diagnosis handshakeIncomplete() {
        // A RST rejecting a SYN-ACK for another SYN closes nothing: the client still waits.
        Side closedBy = client.resetFrame() != NONE && client.synAcked ? Side.CLIENT : null;
        return story(DiagnosisCode.HANDSHAKE_INCOMPLETE, closedBy, Kind.HANDSHAKE_INCOMPLETE, null);
    }

    private Diagnosis.Wording handshakeIncompleteWording() {
        Text t = Text.begin();
        String summary = t.add("The server answered the client's SYN (frame ").num(client.synFrame)
                .add(") with SYN-ACK (frame ").num(server.synFrame)
                .add("), but the client never completed the handshake.").take();
        t.frame(client.synFrame).add(": the client's SYN; ").frame(server.synFrame).add(": the server's SYN-ACK");
        if (server.synCount > 1) {
            t.add(", sent ").num(server.synCount).add(" times (last in ").frame(server.lastSynFrame).add(')');
        }
        if (client.resetFrame() != NONE && !client.synAcked) {
            t.add("; ").frame(client.resetFrame()).add(": the client answered it with RST because the SYN-ACK did not"
                    + " acknowledge its SYN (a kernel in SYN_SENT rejects such a SYN-ACK and keeps waiting, RFC 9293"
                    + " §3.10.7.3): a SYN-ACK for another connection on the same ports, or rewritten on the way. The"
                    + " client's connect() goes on waiting for the right one.");
        } else if (client.resetFrame() != NONE) {
            t.add("; ").frame(client.resetFrame()).add(": the client answered it with RST: it no longer had the"
                    + " connection, so its connect() had already given up (a connect timeout shorter than the SYN-ACK's"
                    + " delay) or the SYN was not its own.");
        } else {
            t.add(". No ACK from the client was captured: it was lost, or the capture ended first. The server holds"
                    + " the half-open connection in SYN_RECEIVED until its SYN-ACK retries run out.");
        }
        return t.wording(summary, client.synFrame, server.synFrame, client.resetFrame());
    }

    private Diagnosis reset(Side r) {
        EndpointTrack rt = track(r);
        Side closedBy = firstCloser();
        if (rt.resetAfterOwnFin() && rt.dataAfterOwnFinFrame() == NONE && rt.unansweredAtReset() > 0) {
            return story(DiagnosisCode.RST_UNREAD_DATA, closedBy, Kind.FIN_THEN_RESET_UNREAD, r);
        }
        if (rt.resetAfterOwnFin()) {
            return story(DiagnosisCode.RST_AFTER_CLOSE, closedBy, Kind.RESET_AFTER_CLOSE, r);
        }
        if (rt.unansweredAtReset() > 0) {
            return story(DiagnosisCode.RST_UNREAD_DATA, closedBy, Kind.RESET_UNREAD, r);
        }
        return story(DiagnosisCode.RST_ABORT, closedBy, Kind.RESET_ABORT, r);
    }

    private Diagnosis.Wording resetAfterCloseWording(Side r) {
        Side closedBy = firstCloser();
        EndpointTrack rt = track(r);
        Side p = r.opposite();
        EndpointTrack pt = track(p);
        Text t = Text.begin();
        boolean dataAfterFin = rt.dataAfterOwnFinFrame() != NONE;
        if (dataAfterFin) {
            t.capital(r).add(" had already closed (FIN, frame ").num(rt.finFrame).add(") when ").the(p)
                    .add("'s data arrived (frame ").num(rt.dataAfterOwnFinFrame()).add("), so it answered with RST (frame ")
                    .num(rt.resetFrame()).add(").");
        } else {
            t.capital(r).add(" closed (FIN, frame ").num(rt.finFrame).add(") and later reset the connection (RST, frame ")
                    .num(rt.resetFrame()).add(") without data prompting it.");
        }
        String summary = t.take();
        peerClosedFirst(t, p, pt, closedBy);
        t.frame(rt.finFrame).add(": ").the(r).add("'s FIN");
        if (dataAfterFin) {
            t.add("; ").frame(rt.dataAfterOwnFinFrame()).add(": ").the(p).add(" wrote ").bytes(rt.bytesAfterOwnFin())
                    .add(" into the connection anyway (its write succeeded: a FIN only says the sender will send no"
                            + " more); ").frame(rt.resetFrame()).add(": ").the(r).add("'s RST. A socket that was closed,"
                            + " not just shut down for output, cannot take data any more, and the kernel answers data"
                            + " for it with RST. ");
        } else {
            t.add("; ").frame(rt.resetFrame()).add(": its RST, with no data from ").the(p).add(" in between: a close()"
                    + " with SO_LINGER 0 after shutdown, or its FIN_WAIT_2 timer giving up. ");
        }
        peerAfterReset(t, p, pt);
        timing(t);
        return t.wording(summary, rt.finFrame, rt.dataAfterOwnFinFrame(), rt.resetFrame(), pt.finFrame);
    }

    private Diagnosis.Wording resetUnreadWording(Side r) {
        Side closedBy = firstCloser();
        EndpointTrack rt = track(r);
        Side p = r.opposite();
        EndpointTrack pt = track(p);
        Text t = Text.begin();
        String summary = t.capital(r).add(" reset the connection (RST, frame ").num(rt.resetFrame())
                .add(") instead of closing it, with ").bytes(rt.unansweredAtReset()).add(" from ").the(p)
                .add(" that it never answered possibly unread.").take();
        peerClosedFirst(t, p, pt, closedBy);
        unansweredData(t, r, rt, p);
        t.add("; ").frame(rt.resetFrame()).add(": ").the(r).add("'s RST, with no FIN before it. Closing a socket whose"
                + " receive buffer still holds unread data sends RST instead of FIN (RFC 2525 §2.17, RFC 1122"
                + " §4.2.2.13): ").the(r).add("'s application most likely closed without reading everything it had"
                + " received. The wire cannot show what was read; an abortive close (SO_LINGER 0) after reading"
                + " would look the same. ");
        peerAfterReset(t, p, pt);
        timing(t);
        return t.wording(summary, rt.unansweredSinceAtReset(), rt.resetFrame(), pt.finFrame);
    }

    private Diagnosis.Wording resetAbortWording(Side r) {
        Side closedBy = firstCloser();
        EndpointTrack rt = track(r);
        Side p = r.opposite();
        EndpointTrack pt = track(p);
        Text t = Text.begin();
        String summary = t.capital(r).add(" aborted the connection with RST (frame ").num(rt.resetFrame())
                .add("), without a FIN and with nothing unread: an abortive close.").take();
        peerClosedFirst(t, p, pt, closedBy);
        t.frame(rt.resetFrame()).add(": ").the(r).add("'s RST. ")
                .add(pt.payloadBytes == 0 ? "It had received no data" : "It had answered all the data it received")
                .add(" and sent no FIN, so this is no close with unread data but an abort: a close() with SO_LINGER 0,"
                        + " a crashed or killed process whose socket was torn down, or a proxy, firewall or load"
                        + " balancer cutting the connection. ");
        if (rt.nonRstSegments == 1 && rt.synWithAck && rt.synAcked) {
            t.add("It sent nothing but its SYN-ACK before: a listener whose accept queue was full also resets like"
                    + " this when net.ipv4.tcp_abort_on_overflow=1. ");
        }
        peerAfterReset(t, p, pt);
        timing(t);
        return t.wording(summary, rt.resetFrame(), pt.finFrame);
    }

    /** The start of a reset's detail: the peer's FIN, when the peer closed first. */
    private static void peerClosedFirst(Text t, Side p, EndpointTrack pt, Side closedBy) {
        if (closedBy == p) {
            t.frame(pt.finFrame).add(": ").the(p).add(" closed first (FIN). ");
        }
    }

    /** {@code frame N: the client sent 12 bytes that the server's kernel acknowledged and its application never answered}. */
    private static void unansweredData(Text t, Side r, EndpointTrack rt, Side p) {
        t.frame(rt.unansweredSinceAtReset()).add(": ").the(p).add(" sent ").bytes(rt.unansweredAtReset()).add(" that ")
                .the(r).add("'s kernel acknowledged and its application never answered");
    }

    /**
     * FIN, then RST with nothing from the peer in between, while data the resetter had
     * received went unanswered: one close() with unread data, in a runtime that shuts the
     * output down before closing (Java's socket close since JDK 13 does), so the FIN leaves
     * first and the kernel then resets because the receive buffer was not empty.
     */
    private Diagnosis.Wording finThenResetWithUnreadData(Side r) {
        Side closedBy = firstCloser();
        EndpointTrack rt = track(r);
        Side p = r.opposite();
        EndpointTrack pt = track(p);
        Text t = Text.begin();
        String summary = t.capital(r).add(" closed with ").bytes(rt.unansweredAtReset()).add(" from ").the(p)
                .add(" possibly unread: its FIN (frame ").num(rt.finFrame).add(") was followed at once by RST (frame ")
                .num(rt.resetFrame()).add(").").take();
        peerClosedFirst(t, p, pt, closedBy);
        unansweredData(t, r, rt, p);
        t.add("; ").frame(rt.finFrame).add(": ").the(r).add("'s FIN; ").frame(rt.resetFrame())
                .add(": its RST, with no data from ").the(p).add(" in between. Closing a socket whose receive buffer"
                        + " still holds unread data sends RST (RFC 2525 §2.17, RFC 1122 §4.2.2.13); a runtime that shuts"
                        + " the output down before closing (Java's Socket.close() does since JDK 13) puts its FIN on the"
                        + " wire first. ").capital(r).add("'s application most likely closed without reading the"
                        + " reply. ");
        peerAfterReset(t, p, pt);
        timing(t);
        return t.wording(summary, rt.unansweredSinceAtReset(), rt.finFrame, rt.resetFrame(), pt.finFrame);
    }

    /** What {@code p}'s calls do once the reset has arrived, if its socket was open then. */
    static void peerAfterReset(Text t, Side p, EndpointTrack pt) {
        if (pt.resetReceivedFrame() == NONE || !pt.openAt(pt.resetReceivedFrame())) {
            return;
        }
        if (pt.finReceivedBeforeReset()) {
            t.capital(p).add("'s reads return EOF (on Linux the FIN, queued before the reset, is read first) and its next"
                    + " write fails with EPIPE (Broken pipe). ");
        } else {
            t.capital(p).add("'s next read fails with ECONNRESET (Connection reset), and writes fail too. ");
        }
    }

    private Diagnosis orderly(Side a) {
        return story(DiagnosisCode.ORDERLY, a, Kind.ORDERLY, a);
    }

    private Diagnosis.Wording orderlyWording(Side a) {
        Side b = a.opposite();
        EndpointTrack at = track(a);
        EndpointTrack bt = track(b);
        boolean lastAcked = bt.finAckedFrame != NONE;
        Text t = Text.begin();
        String summary = t.capital(a).add(" closed first (FIN, frame ").num(at.finFrame).add(") and ").the(b)
                .add(" closed in turn (FIN, frame ").num(bt.finFrame)
                .add(lastAcked ? "); both FINs were acknowledged." : "); the last ACK was not captured.").take();
        t.frame(at.finFrame).add(": ").the(a).add("'s FIN");
        if (at.finAckedFrame != NONE && at.finAckedFrame != bt.finFrame) {
            acknowledged(t, at.finAckedFrame, b);
        }
        t.add("; ").frame(bt.finFrame).add(": ").the(b).add("'s FIN");
        if (lastAcked) {
            acknowledged(t, bt.finAckedFrame, a);
        }
        t.add(". ").capital(b).add("'s reads returned EOF after ").the(a).add("'s FIN, and it closed in turn. At the end"
                + " of the capture ").the(a).add(" is in ").state(at.state).add(" and ").the(b).add(" in ").state(bt.state)
                .add(". ");
        timing(t);
        return t.wording(summary, at.finFrame, at.finAckedFrame, bt.finFrame, bt.finAckedFrame);
    }

    /** {@code ; frame N: the server acknowledged it}. */
    private static void acknowledged(Text t, long frame, Side by) {
        t.add("; ").frame(frame).add(": ").the(by).add(" acknowledged it");
    }

    private Diagnosis halfClose(Side a) {
        return story(DiagnosisCode.HALF_CLOSE, a, Kind.HALF_CLOSE, a);
    }

    private Diagnosis.Wording halfCloseWording(Side a) {
        Side b = a.opposite();
        EndpointTrack at = track(a);
        EndpointTrack bt = track(b);
        Text t = Text.begin();
        String summary = t.capital(a).add(" shut down its sending half (FIN, frame ").num(at.finFrame)
                .add(") and kept reading; ").the(b).add(" sent ").bytes(bt.bytesAfterPeerFin())
                .add(" more and then closed (FIN, frame ").num(bt.finFrame).add("): an orderly half-close.").take();
        t.frame(at.finFrame).add(": ").the(a).add("'s FIN; ").frame(bt.dataAfterPeerFinFrame()).add(": ").the(b)
                .add("'s data after it, which ").the(a).add(" acknowledged instead of resetting, so its socket was still"
                        + " open for reading (shutdownOutput, not close: a closed Linux socket answers data with RST); ")
                .frame(bt.finFrame).add(": ").the(b).add("'s FIN");
        if (bt.finAckedFrame != NONE) {
            acknowledged(t, bt.finAckedFrame, a);
        }
        t.add(". ").capital(b).add(" read EOF after ").the(a).add("'s FIN and still answered; ").the(a)
                .add(" read the answer, then EOF. ");
        timing(t);
        return t.wording(summary, at.finFrame, bt.dataAfterPeerFinFrame(), bt.finFrame, bt.finAckedFrame);
    }

    private Diagnosis closeWait(Side a) {
        return story(DiagnosisCode.CLOSE_WAIT, a, Kind.CLOSE_WAIT, a);
    }

    private Diagnosis.Wording closeWaitWording(Side a) {
        Side b = a.opposite();
        EndpointTrack at = track(a);
        EndpointTrack bt = track(b);
        Text t = Text.begin();
        String summary = t.capital(a).add(" closed (FIN, frame ").num(at.finFrame).add(") and ").the(b)
                .add(" acknowledged it but never closed: ").the(b).add(" is left in CLOSE_WAIT.").take();
        t.frame(at.finFrame).add(": ").the(a).add("'s FIN; ").frame(at.finAckedFrame).add(": ").the(b)
                .add("'s ACK of it, sent by its kernel, not its application. ");
        if (bt.bytesAfterPeerFin() > 0) {
            t.capital(b).add(" still sent ").bytes(bt.bytesAfterPeerFin()).add(" (from ")
                    .frame(bt.dataAfterPeerFinFrame()).add(") but never a FIN. ");
        } else if (at.payloadBytes > 0 && bt.payloadBytes == 0) {
            t.capital(b).add("'s kernel acknowledged ").bytes(at.payloadBytes)
                    .add(" and the FIN, but its application never sent anything. ");
        }
        t.add("By the end of the capture ").the(b).add(" had not closed its socket: its application read EOF and never"
                + " called close() (a descriptor leak), or never read at all - a listener that never accept()s looks"
                + " exactly like this, since the handshake and the ACKs are the kernel's work. ").capital(a)
                .add(" waits in ").state(at.state).add(". ");
        timing(t);
        return t.wording(summary, at.finFrame, at.finAckedFrame, bt.dataAfterPeerFinFrame());
    }

    private Diagnosis finUnacknowledged(Side a) {
        return story(DiagnosisCode.UNKNOWN, a, Kind.FIN_UNACKNOWLEDGED, a);
    }

    private Diagnosis.Wording finUnacknowledgedWording(Side a) {
        EndpointTrack at = track(a);
        Text t = Text.begin();
        String summary = t.add("Too little was captured to say how the connection ended: ").the(a).add("'s FIN (frame ")
                .num(at.finFrame).add(") was never acknowledged.").take();
        t.frame(at.finFrame).add(": ").the(a).add("'s FIN");
        if (at.finRetransmitFrame() != NONE) {
            t.add(", sent again in ").frame(at.finRetransmitFrame());
        }
        t.add(". No acknowledgment from ").the(a.opposite()).add(" was captured: the capture ended first, or ")
                .the(a.opposite()).add(" was gone or unreachable. ");
        timing(t);
        return t.wording(summary, at.finFrame, at.finRetransmitFrame());
    }

    private Diagnosis open() {
        return story(DiagnosisCode.OPEN, null, Kind.OPEN, null);
    }

    private Diagnosis.Wording openWording() {
        Text t = Text.begin();
        String summary = t.add("The connection was still established when the capture ended: neither side sent FIN or"
                + " RST.").take();
        t.add("No FIN or RST was captured in ").num(rec.segmentCount()).add(" segments; both endpoints are"
                + " ESTABLISHED. ");
        outOfWindowNote(t);
        return t.wording(summary);
    }

    private Diagnosis unknown() {
        return story(DiagnosisCode.UNKNOWN, null, Kind.UNKNOWN, null);
    }

    private Diagnosis.Wording unknownWording() {
        Text t = Text.begin();
        String summary = t.add("Too little of the connection was captured to say how it ended.").take();
        t.num(rec.segmentCount()).add(" segments were captured, without a handshake or a two-way exchange; the client is ")
                .state(client.state).add(" and the server ").state(server.state).add(". ");
        outOfWindowNote(t);
        return t.wording(summary);
    }

    private void outOfWindowNote(Text t) {
        for (Side s : Side.values()) {
            if (track(s).outOfWindowRstFrame() != NONE) {
                t.frame(track(s).outOfWindowRstFrame()).add(": ").the(s).add("'s RST was outside ").the(s.opposite())
                        .add("'s receive window, so it was ignored.");
                return;
            }
        }
    }

    private Diagnosis story(DiagnosisCode code, Side closedBy, Kind kind, Side side) {
        return Diagnosis.lazy(code, closedBy, new Story(kind, this, side));
    }

    /** The stories these rules tell, one wording method each. */
    private enum Kind {
        REFUSED, SYN_UNANSWERED, HANDSHAKE_INCOMPLETE, FIN_THEN_RESET_UNREAD, RESET_AFTER_CLOSE, RESET_UNREAD,
        RESET_ABORT, ORDERLY, HALF_CLOSE, CLOSE_WAIT, FIN_UNACKNOWLEDGED, OPEN, UNKNOWN
    }

    /**
     * The wording of one diagnosis, written when first asked for: which story and about
     * which side ({@code side}: the resetter, or the side that closed first; null when the
     * story needs none). One small object instead of a lambda per rule, which was linked and
     * allocated through method handles until the JIT compiled the rule.
     */
    private record Story(Kind kind, DiagnosisRules rules, Side side) implements Supplier<Diagnosis.Wording> {

        @Override
        public Diagnosis.Wording get() {
            switch (kind) {
                case REFUSED:
                    return rules.refusedWording();
                case SYN_UNANSWERED:
                    return rules.synUnansweredWording();
                case HANDSHAKE_INCOMPLETE:
                    return rules.handshakeIncompleteWording();
                case FIN_THEN_RESET_UNREAD:
                    return rules.finThenResetWithUnreadData(side);
                case RESET_AFTER_CLOSE:
                    return rules.resetAfterCloseWording(side);
                case RESET_UNREAD:
                    return rules.resetUnreadWording(side);
                case RESET_ABORT:
                    return rules.resetAbortWording(side);
                case ORDERLY:
                    return rules.orderlyWording(side);
                case HALF_CLOSE:
                    return rules.halfCloseWording(side);
                case CLOSE_WAIT:
                    return rules.closeWaitWording(side);
                case FIN_UNACKNOWLEDGED:
                    return rules.finUnacknowledgedWording(side);
                case OPEN:
                    return rules.openWording();
                case UNKNOWN:
                    return rules.unknownWording();
                default:
                    throw new IllegalStateException("no wording for " + kind);
            }
        }
    }

    /** The earliest RST its receiver accepted. */
    private Side firstReset() {
        if (client.reset() && (!server.reset() || client.resetFrame() < server.resetFrame())) {
            return Side.CLIENT;
        }
        return server.reset() ? Side.SERVER : null;
    }

    /** The side whose FIN or accepted RST came first. */
    private Side firstCloser() {
        long c = earliest(client.finFrame, client.resetFrame());
        long s = earliest(server.finFrame, server.resetFrame());
        if (c == NONE && s == NONE) {
            return null;
        }
        return s == NONE || (c != NONE && c < s) ? Side.CLIENT : Side.SERVER;
    }

    private static long earliest(long a, long b) {
        if (a == NONE) {
            return b;
        }
        return b == NONE ? a : Math.min(a, b);
    }

    private EndpointTrack track(Side side) {
        return side == Side.CLIENT ? client : server;
    }
}
