package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;
import static io.tcpwhy.diagnosis.Words.bytes;
import static io.tcpwhy.diagnosis.Words.capital;
import static io.tcpwhy.diagnosis.Words.the;

import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.TcpState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decides how a recorded connection ended. The opening is judged first (refused,
 * unanswered, incomplete); then the first reset the receiver accepted, told apart by
 * whether its sender had closed before (RST_AFTER_CLOSE) or had received data it never
 * answered (RST_UNREAD_DATA) or neither (RST_ABORT); then the FINs.
 *
 * <p>The code and the side are decided here at once; the wording (summary, detail, and the
 * evidence frames the detail cites) is left to a supplier that {@link Diagnosis} calls when
 * something first asks for it. The suppliers read {@code rec}, which no longer changes.
 */
final class DiagnosisRules {

    private final ConnectionRecorder rec;
    private final EndpointTrack client;
    private final EndpointTrack server;

    /** A diagnosis's two texts, before the evidence frames are picked from the detail. */
    record Prose(String summary, String detail) {
    }

    /** @param rec a recorder that no longer changes (a {@link ConnectionRecorder#forWording()} copy) */
    DiagnosisRules(ConnectionRecorder rec) {
        this.rec = rec;
        this.client = rec.track(Side.CLIENT);
        this.server = rec.track(Side.SERVER);
    }

    /** The timing findings as sentences, for the details that end with them. */
    private String timing() {
        return AnnotationRules.narrate(rec);
    }

    Diagnosis diagnose() {
        ProductionRules production = new ProductionRules(rec, this);
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
        long rst = client.resetReceivedFrame();
        return make(DiagnosisCode.REFUSED, Side.SERVER, () -> {
            String summary = "The server answered the client's SYN (frame " + client.synFrame + ") with RST (frame " + rst
                    + "): nothing was listening on " + rec.endpoint(Side.SERVER) + ".";
            String detail = "frame " + client.synFrame + ": the client's SYN to " + rec.endpoint(Side.SERVER)
                    + "; frame " + rst + ": the server's RST acknowledging it. A host answers a SYN with RST when no socket "
                    + "listens on the port (or a firewall rejects with a reset), so the client's connect() failed at once "
                    + "with ECONNREFUSED." + retries(client);
            return new Prose(summary, detail);
        }, client.synFrame, rst);
    }

    private Diagnosis synUnanswered() {
        return make(DiagnosisCode.SYN_UNANSWERED, null, () -> {
            String sent = client.synCount > 1 ? ", sent " + client.synCount + " times," : "";
            String summary = "The client's SYN to " + rec.endpoint(Side.SERVER) + sent + " was never answered.";
            StringBuilder d = new StringBuilder("frame " + client.synFrame + ": the client's SYN");
            if (client.synCount > 1) {
                int again = client.synCount - 1;
                d.append("; frame ").append(client.lastSynFrame).append(": its last retransmission (").append(again)
                        .append(again == 1 ? " retransmission" : " retransmissions")
                        .append(" in all, at the kernel's doubling intervals)");
            }
            d.append(". Neither SYN-ACK nor an acceptable RST came back by the end of the capture, so the SYN was dropped:"
                    + " a listener whose accept queue is full (Linux drops SYNs while it is), a firewall that drops"
                    + " instead of rejecting, or a host that is down or unreachable. connect() fails with ETIMEDOUT once"
                    + " its timeout (or the kernel's SYN retries) runs out.");
            if (server.rstCount() > 0) {
                d.append(" The server's RST was not acceptable to the client (it did not acknowledge the SYN) and was"
                        + " ignored.");
            }
            return new Prose(summary, d.toString());
        }, client.synFrame, client.lastSynFrame);
    }

    private Diagnosis handshakeIncomplete() {
        Side closedBy = client.resetFrame() != NONE ? Side.CLIENT : null;
        return make(DiagnosisCode.HANDSHAKE_INCOMPLETE, closedBy, () -> {
            String summary = "The server answered the client's SYN (frame " + client.synFrame + ") with SYN-ACK (frame "
                    + server.synFrame + "), but the client never completed the handshake.";
            StringBuilder d = new StringBuilder("frame " + client.synFrame + ": the client's SYN; frame "
                    + server.synFrame + ": the server's SYN-ACK");
            if (server.synCount > 1) {
                d.append(", sent ").append(server.synCount).append(" times (last in frame ").append(server.lastSynFrame)
                        .append(")");
            }
            if (client.resetFrame() != NONE) {
                d.append("; frame ").append(client.resetFrame()).append(": the client answered it with RST: it no longer "
                        + "had the connection, so its connect() had already given up (a connect timeout shorter than the "
                        + "SYN-ACK's delay) or the SYN was not its own.");
            } else {
                d.append(". No ACK from the client was captured: it was lost, or the capture ended first. The server "
                        + "holds the half-open connection in SYN_RECEIVED until its SYN-ACK retries run out.");
            }
            return new Prose(summary, d.toString());
        }, client.synFrame, server.synFrame, client.resetFrame());
    }

    private Diagnosis reset(Side r) {
        EndpointTrack rt = track(r);
        Side p = r.opposite();
        EndpointTrack pt = track(p);
        Side closedBy = firstCloser();
        if (rt.resetAfterOwnFin() && rt.dataAfterOwnFinFrame() == NONE && rt.unansweredAtReset() > 0) {
            return make(DiagnosisCode.RST_UNREAD_DATA, closedBy,
                    () -> finThenResetWithUnreadData(r, rt, p, pt, peerClosedFirst(p, pt, closedBy)),
                    rt.unansweredSinceAtReset(), rt.finFrame, rt.resetFrame(), pt.finFrame);
        }
        if (rt.resetAfterOwnFin()) {
            return make(DiagnosisCode.RST_AFTER_CLOSE, closedBy, () -> {
                StringBuilder d = peerClosedFirst(p, pt, closedBy);
                String summary;
                d.append("frame ").append(rt.finFrame).append(": ").append(the(r)).append("'s FIN");
                if (rt.dataAfterOwnFinFrame() != NONE) {
                    summary = capital(r) + " had already closed (FIN, frame " + rt.finFrame + ") when " + the(p)
                            + "'s data arrived (frame " + rt.dataAfterOwnFinFrame() + "), so it answered with RST"
                            + " (frame " + rt.resetFrame() + ").";
                    d.append("; frame ").append(rt.dataAfterOwnFinFrame()).append(": ").append(the(p)).append(" wrote ")
                            .append(bytes(rt.bytesAfterOwnFin())).append(" into the connection anyway (its write"
                            + " succeeded: a FIN only says the sender will send no more); frame ")
                            .append(rt.resetFrame()).append(": ").append(the(r)).append("'s RST. A socket that was"
                            + " closed, not just shut down for output, cannot take data any more, and the kernel"
                            + " answers data for it with RST. ");
                    d.append(peerAfterReset(p, pt));
                } else {
                    summary = capital(r) + " closed (FIN, frame " + rt.finFrame + ") and later reset the connection"
                            + " (RST, frame " + rt.resetFrame() + ") without data prompting it.";
                    d.append("; frame ").append(rt.resetFrame()).append(": its RST, with no data from ").append(the(p))
                            .append(" in between: a close() with SO_LINGER 0 after shutdown, or its FIN_WAIT_2 timer"
                            + " giving up. ").append(peerAfterReset(p, pt));
                }
                return new Prose(summary, d.append(timing()).toString().strip());
            }, rt.finFrame, rt.dataAfterOwnFinFrame(), rt.resetFrame(), pt.finFrame);
        }
        if (rt.unansweredAtReset() > 0) {
            return make(DiagnosisCode.RST_UNREAD_DATA, closedBy, () -> {
                String summary = capital(r) + " reset the connection (RST, frame " + rt.resetFrame() + ") instead of"
                        + " closing it, with " + bytes(rt.unansweredAtReset()) + " from " + the(p) + " that it never"
                        + " answered possibly unread.";
                StringBuilder d = peerClosedFirst(p, pt, closedBy);
                d.append("frame ").append(rt.unansweredSinceAtReset()).append(": ").append(the(p)).append(" sent ")
                        .append(bytes(rt.unansweredAtReset())).append(" that ").append(the(r))
                        .append("'s kernel acknowledged and its application never answered; frame ")
                        .append(rt.resetFrame()).append(": ").append(the(r)).append("'s RST, with no FIN before it."
                        + " Closing a socket whose receive buffer still holds unread data sends RST instead of FIN"
                        + " (RFC 2525 §2.17, RFC 1122 §4.2.2.13): ").append(the(r)).append("'s application most"
                        + " likely closed without reading the reply. The wire cannot show what was read; an abortive"
                        + " close (SO_LINGER 0) after reading would look the same. ").append(peerAfterReset(p, pt));
                return new Prose(summary, d.append(timing()).toString().strip());
            }, rt.unansweredSinceAtReset(), rt.resetFrame(), pt.finFrame);
        }
        return make(DiagnosisCode.RST_ABORT, closedBy, () -> {
                String summary = capital(r) + " aborted the connection with RST (frame " + rt.resetFrame() + "), without a"
                        + " FIN and with nothing unread: an abortive close.";
                StringBuilder d = peerClosedFirst(p, pt, closedBy);
                d.append("frame ").append(rt.resetFrame()).append(": ").append(the(r)).append("'s RST. ")
                        .append(pt.payloadBytes == 0 ? "It had received no data" : "It had answered all the data it"
                                + " received")
                        .append(" and sent no FIN, so this is no close with unread data but an abort: a close() with"
                                + " SO_LINGER 0, a crashed or killed process whose socket was torn down, or a proxy,"
                                + " firewall or load balancer cutting the connection. ")
                        .append(rt.nonRstSegments == 1 && rt.synWithAck && rt.synAcked ? "It sent nothing but its"
                                + " SYN-ACK before: a listener whose accept queue was full also resets like this when"
                                + " net.ipv4.tcp_abort_on_overflow=1. " : "")
                        .append(peerAfterReset(p, pt));
                return new Prose(summary, d.append(timing()).toString().strip());
        }, rt.resetFrame(), pt.finFrame);
    }

    /** The start of a reset's detail: the peer's FIN, when the peer closed first. */
    private static StringBuilder peerClosedFirst(Side p, EndpointTrack pt, Side closedBy) {
        StringBuilder d = new StringBuilder();
        if (closedBy == p) {
            d.append("frame ").append(pt.finFrame).append(": ").append(the(p)).append(" closed first (FIN). ");
        }
        return d;
    }

    /**
     * FIN, then RST with nothing from the peer in between, while data the resetter had
     * received went unanswered: one close() with unread data, in a runtime that shuts the
     * output down before closing (Java's socket close since JDK 13 does), so the FIN leaves
     * first and the kernel then resets because the receive buffer was not empty.
     */
    private Prose finThenResetWithUnreadData(Side r, EndpointTrack rt, Side p, EndpointTrack pt, StringBuilder d) {
        String summary = capital(r) + " closed with " + bytes(rt.unansweredAtReset()) + " from " + the(p)
                + " possibly unread: its FIN (frame " + rt.finFrame + ") was followed at once by RST (frame "
                + rt.resetFrame() + ").";
        d.append("frame ").append(rt.unansweredSinceAtReset()).append(": ").append(the(p)).append(" sent ")
                .append(bytes(rt.unansweredAtReset())).append(" that ").append(the(r))
                .append("'s kernel acknowledged and its application never answered; frame ").append(rt.finFrame)
                .append(": ").append(the(r)).append("'s FIN; frame ").append(rt.resetFrame()).append(": its RST, with "
                        + "no data from ").append(the(p)).append(" in between. Closing a socket whose receive buffer "
                        + "still holds unread data sends RST (RFC 2525 §2.17, RFC 1122 §4.2.2.13); a runtime that shuts "
                        + "the output down before closing (Java's Socket.close() does since JDK 13) puts its FIN on "
                        + "the wire first. ").append(capital(r)).append("'s application most likely closed without reading "
                        + "the reply. ").append(peerAfterReset(p, pt));
        return new Prose(summary, d.append(timing()).toString().strip());
    }

    String peerAfterReset(Side p, EndpointTrack pt) {
        if (pt.resetReceivedFrame() == NONE || !pt.openAt(pt.resetReceivedFrame())) {
            return "";
        }
        if (pt.finReceivedBeforeReset()) {
            return capital(p) + "'s reads return EOF (on Linux the FIN, queued before the reset, is read first) and"
                    + " its next write fails with EPIPE (Broken pipe). ";
        }
        return capital(p) + "'s next read fails with ECONNRESET (Connection reset), and writes fail too. ";
    }

    private Diagnosis orderly(Side a) {
        Side b = a.opposite();
        EndpointTrack at = track(a);
        EndpointTrack bt = track(b);
        boolean lastAcked = bt.finAckedFrame != NONE;
        return make(DiagnosisCode.ORDERLY, a, () -> {
            String summary = capital(a) + " closed first (FIN, frame " + at.finFrame + ") and " + the(b)
                    + " closed in turn (FIN, frame " + bt.finFrame + ")"
                    + (lastAcked ? "; both FINs were acknowledged." : "; the last ACK was not captured.");
            StringBuilder d = new StringBuilder("frame " + at.finFrame + ": " + the(a) + "'s FIN");
            if (at.finAckedFrame != NONE && at.finAckedFrame != bt.finFrame) {
                d.append("; frame ").append(at.finAckedFrame).append(": ").append(the(b)).append(" acknowledged it");
            }
            d.append("; frame ").append(bt.finFrame).append(": ").append(the(b)).append("'s FIN");
            if (lastAcked) {
                d.append("; frame ").append(bt.finAckedFrame).append(": ").append(the(a)).append(" acknowledged it");
            }
            d.append(". ").append(capital(b)).append("'s reads returned EOF after ").append(the(a))
                    .append("'s FIN, and it closed in turn. At the end of the capture ").append(the(a)).append(" is in ")
                    .append(at.state).append(" and ").append(the(b)).append(" in ").append(bt.state).append(". ");
            return new Prose(summary, d.append(timing()).toString().strip());
        }, at.finFrame, at.finAckedFrame, bt.finFrame, bt.finAckedFrame);
    }

    private Diagnosis halfClose(Side a) {
        Side b = a.opposite();
        EndpointTrack at = track(a);
        EndpointTrack bt = track(b);
        return make(DiagnosisCode.HALF_CLOSE, a, () -> {
            String summary = capital(a) + " shut down its sending half (FIN, frame " + at.finFrame + ") and kept reading;"
                    + " " + the(b) + " sent " + bytes(bt.bytesAfterPeerFin()) + " more and then closed (FIN, frame "
                    + bt.finFrame + "): an orderly half-close.";
            String detail = "frame " + at.finFrame + ": " + the(a) + "'s FIN; frame " + bt.dataAfterPeerFinFrame() + ": "
                    + the(b) + "'s data after it, which " + the(a) + " acknowledged instead of resetting, so its socket was"
                    + " still open for reading (shutdownOutput, not close: a closed Linux socket answers data with RST);"
                    + " frame " + bt.finFrame + ": " + the(b) + "'s FIN"
                    + (bt.finAckedFrame != NONE ? "; frame " + bt.finAckedFrame + ": " + the(a) + " acknowledged it" : "")
                    + ". " + capital(b) + " read EOF after "
                    + the(a) + "'s FIN and still answered; " + the(a) + " read the answer, then EOF. " + timing();
            return new Prose(summary, detail.strip());
        }, at.finFrame, bt.dataAfterPeerFinFrame(), bt.finFrame, bt.finAckedFrame);
    }

    private Diagnosis closeWait(Side a) {
        Side b = a.opposite();
        EndpointTrack at = track(a);
        EndpointTrack bt = track(b);
        return make(DiagnosisCode.CLOSE_WAIT, a, () -> {
            String summary = capital(a) + " closed (FIN, frame " + at.finFrame + ") and " + the(b) + " acknowledged it"
                    + " but never closed: " + the(b) + " is left in CLOSE_WAIT.";
            StringBuilder d = new StringBuilder("frame " + at.finFrame + ": " + the(a) + "'s FIN; frame "
                    + at.finAckedFrame + ": " + the(b) + "'s ACK of it, sent by its kernel, not its application. ");
            if (bt.bytesAfterPeerFin() > 0) {
                d.append(capital(b)).append(" still sent ").append(bytes(bt.bytesAfterPeerFin())).append(" (from frame ")
                        .append(bt.dataAfterPeerFinFrame()).append(") but never a FIN. ");
            } else if (at.payloadBytes > 0 && bt.payloadBytes == 0) {
                d.append(capital(b)).append("'s kernel acknowledged ").append(bytes(at.payloadBytes))
                        .append(" and the FIN, but its application never sent anything. ");
            }
            d.append("By the end of the capture ").append(the(b)).append(" had not closed its socket: its application read"
                    + " EOF and never called close() (a descriptor leak), or never read at all - a listener that never"
                    + " accept()s looks exactly like this, since the handshake and the ACKs are the kernel's work. ")
                    .append(capital(a)).append(" waits in ").append(at.state).append(". ").append(timing());
            return new Prose(summary, d.toString().strip());
        }, at.finFrame, at.finAckedFrame, bt.dataAfterPeerFinFrame());
    }

    private Diagnosis finUnacknowledged(Side a) {
        EndpointTrack at = track(a);
        return make(DiagnosisCode.UNKNOWN, a, () -> {
            String summary = "Too little was captured to say how the connection ended: " + the(a) + "'s FIN (frame "
                    + at.finFrame + ") was never acknowledged.";
            String detail = "frame " + at.finFrame + ": " + the(a) + "'s FIN"
                    + (at.finRetransmitFrame() != NONE ? ", sent again in frame " + at.finRetransmitFrame() : "")
                    + ". No acknowledgment from " + the(a.opposite()) + " was captured: the capture ended first, or "
                    + the(a.opposite()) + " was gone or unreachable. " + timing();
            return new Prose(summary, detail.strip());
        }, at.finFrame, at.finRetransmitFrame());
    }

    private Diagnosis open() {
        return make(DiagnosisCode.OPEN, null, () -> {
            String summary = "The connection was still established when the capture ended: neither side sent FIN or RST.";
            String detail = "No FIN or RST was captured in " + rec.segmentCount() + " segments; both endpoints are "
                    + "ESTABLISHED. " + outOfWindowNote();
            return new Prose(summary, detail.strip());
        });
    }

    private Diagnosis unknown() {
        return make(DiagnosisCode.UNKNOWN, null, () -> {
            String summary = "Too little of the connection was captured to say how it ended.";
            String detail = rec.segmentCount() + " segments were captured, without a handshake or a two-way exchange;"
                    + " the client is " + client.state + " and the server " + server.state + ". " + outOfWindowNote();
            return new Prose(summary, detail.strip());
        });
    }

    private String outOfWindowNote() {
        for (Side s : Side.values()) {
            if (track(s).outOfWindowRstFrame() != NONE) {
                return "frame " + track(s).outOfWindowRstFrame() + ": " + the(s) + "'s RST was outside "
                        + the(s.opposite()) + "'s receive window, so it was ignored.";
            }
        }
        return "";
    }

    private static String retries(EndpointTrack t) {
        return t.synCount > 1 ? " The SYN had been sent " + t.synCount + " times." : "";
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

    /**
     * The diagnosis with its wording left to {@code prose}. Evidence frames are those of
     * {@code evidence} the detail cites, so the two never disagree; they are picked when the
     * wording is built, from the frame numbers as they are now. One rule makes the diagnosis
     * of a connection, so each wording picks from its own evidence only.
     */
    Diagnosis make(DiagnosisCode code, Side closedBy, Supplier<Prose> prose, long... evidence) {
        return Diagnosis.lazy(code, closedBy, () -> {
            Prose words = prose.get();
            // The cited frames in order, once each: a handful of numbers, sorted in place
            // rather than through a set of boxed ones and a stream.
            long[] cited = new long[evidence.length];
            int count = 0;
            for (long f : evidence) {
                if (f != NONE && cites(words.detail(), f)) {
                    cited[count++] = f;
                }
            }
            Arrays.sort(cited, 0, count);
            List<Long> frames = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (i == 0 || cited[i] != cited[i - 1]) {
                    frames.add(cited[i]);
                }
            }
            return new Diagnosis.Wording(words.summary(), words.detail(), frames);
        });
    }

    static boolean cites(String text, long frame) {
        String token = "frame " + frame;
        for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
            int end = i + token.length();
            if (end == text.length() || !Character.isDigit(text.charAt(end))) {
                return true;
            }
        }
        return false;
    }
}
