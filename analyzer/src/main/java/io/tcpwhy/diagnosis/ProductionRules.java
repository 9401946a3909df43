package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;
import static io.tcpwhy.diagnosis.Words.bytes;
import static io.tcpwhy.diagnosis.Words.capital;
import static io.tcpwhy.diagnosis.Words.seconds;
import static io.tcpwhy.diagnosis.Words.the;

import io.tcpwhy.diagnosis.DiagnosisRules.Prose;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import java.util.List;

/**
 * The causes that production brings and the seed experiments do not: a pooled keep-alive
 * connection reused after the server closed it, a connection that the peer or a middlebox
 * forgot while it was idle, a peer that stopped answering, a server that gave up on a
 * pending request, and an accept queue that dropped the handshake's last ACK. Each rule
 * answers null when the connection does not show its situation; {@link DiagnosisRules}
 * asks them before the classic rules, which would tell these stories wrong.
 */
final class ProductionRules {

    /** Retransmissions of unacknowledged data, with nothing back, that make a peer unreachable rather than slow. */
    static final int UNREACHABLE_RETRANSMISSIONS = 3;
    /** Keep-alive probes unanswered in a row that make a peer unreachable. */
    static final int UNREACHABLE_PROBES = 2;

    /** Where the idle timeouts that forget connections live, with their common defaults. */
    static final String IDLE_HOLDERS = "cloud load balancers (AWS ALB 60 s, AWS NLB 350 s, GCP load balancers 600 s,"
            + " Azure Load Balancer 4 min), NAT gateways (AWS NAT gateway 350 s), Linux conntrack"
            + " (nf_conntrack_tcp_timeout_established, 5 days by default but often lowered; kube-proxy and Docker hosts"
            + " NAT through it), firewalls, and a peer whose process or host restarted";

    private final ConnectionRecorder rec;
    private final DiagnosisRules rules;

    /** Whether {@code t} sent its data or keep-alive probes again and again with nothing back: it gives up. */
    static boolean gaveUp(EndpointTrack t) {
        return t.retransmits().count() >= UNREACHABLE_RETRANSMISSIONS || t.probes().count() >= UNREACHABLE_PROBES;
    }

    ProductionRules(ConnectionRecorder rec, DiagnosisRules rules) {
        this.rec = rec;
        this.rules = rules;
    }

    /**
     * The handshake completed for the client, but the server sent its SYN-ACK again after
     * the client's ACK (it ignored the ACK: its accept queue was full) and never answered
     * the client's data. (A reset right after the handshake, which a full queue sends with
     * tcp_abort_on_overflow=1, looks like any abort: {@link DiagnosisRules} mentions it there.)
     */
    Diagnosis acceptQueueOverflow() {
        EndpointTrack c = rec.track(Side.CLIENT);
        EndpointTrack s = rec.track(Side.SERVER);
        if (!s.synWithAck || !s.synAcked || s.payloadBytes > 0 || s.sentFin()) {
            return null;
        }
        if (s.synAfterAckedFrame() != NONE) {
            return rules.make(DiagnosisCode.ACCEPT_QUEUE_OVERFLOW, Side.SERVER, () -> {
                String server = rec.endpoint(Side.SERVER).toString();
                String summary = "The server's accept queue on " + server + " was full: it ignored the client's"
                        + " handshake ACK (frame " + s.synAckedFrame + ") and sent its SYN-ACK again (frame "
                        + s.synAfterAckedFrame() + "), while the client believed it was connected.";
                StringBuilder d = new StringBuilder("frame " + c.synFrame + ": the client's SYN; frame " + s.synFrame
                        + ": the server's SYN-ACK; frame " + s.synAckedFrame + ": the client's ACK, which completes the"
                        + " handshake for the client (connect() returns); frame " + s.synAfterAckedFrame() + ": the server's"
                        + " SYN-ACK again, sent " + s.synCount + " times in all (last in frame " + s.lastSynFrame + "). A"
                        + " Linux listener whose accept queue is full drops the final ACK and keeps the connection in"
                        + " SYN_RECV, retransmitting its SYN-ACK, until its application accept()s and makes room.");
                if (c.payloadBytes > 0) {
                    d.append(" The client's ").append(bytes(c.payloadBytes)).append(" (from frame ")
                            .append(c.firstDataFrame).append(") were never answered by the server's application.");
                }
                d.append(" The listener's application accepts too slowly (or not at all) for its backlog: raise the"
                        + " listen backlog (and net.core.somaxconn), accept faster, or add workers.");
                return new Prose(summary, d.toString());
            }, c.synFrame, s.synFrame, s.synAckedFrame, s.synAfterAckedFrame(), c.firstDataFrame);
        }
        return null;
    }

    /** A side whose data or keep-alive probes went unanswered, retransmitted, with nothing back by the end. */
    Diagnosis peerUnreachable() {
        for (Side side : Side.BOTH) {
            EndpointTrack t = rec.track(side);
            boolean data = t.retransmits().count() >= UNREACHABLE_RETRANSMISSIONS;
            boolean probes = !data && t.probes().count() >= UNREACHABLE_PROBES;
            if (!data && !probes) {
                continue;
            }
            Side p = side.opposite();
            EndpointTrack pt = rec.track(p);
            EndpointTrack.Run run = data ? t.retransmits() : t.probes();
            long first = run.firstFrame();
            long last = run.lastFrame();
            long span = run.spanNanos();
            int count = run.count();
            return rules.make(DiagnosisCode.PEER_UNREACHABLE, null, () -> {
                String what = data ? "its unacknowledged data" : "keep-alive probes";
                String summary = capital(p) + " stopped answering: " + the(side) + " sent " + what + " "
                        + (data ? count + " more times" : count + " times") + " over " + seconds(span) + " (frames "
                        + first + " to " + last + ") and nothing came back, so its calls fail with ETIMEDOUT"
                        + " (Connection timed out).";
                StringBuilder d = new StringBuilder();
                if (rec.wakeFrame() != NONE && rec.wakeFrom() == side && rec.wakeFrame() <= first + 1) {
                    d.append("frame ").append(rec.wakeFrame()).append(": ").append(the(side)).append(" sent after ")
                            .append(seconds(rec.wakeGapNanos())).append(" of silence; ");
                }
                if (data) {
                    d.append("from frame ").append(first).append(" to frame ").append(last).append(": ")
                            .append(the(side)).append(" retransmitted data ").append(the(p)).append(" never acknowledged, ").append(count)
                            .append(count == 1 ? " time" : " times").append(" with growing gaps (its retransmission"
                                    + " timer backing off)");
                } else {
                    d.append("from frame ").append(first).append(" to frame ").append(last).append(": ").append(count)
                            .append(" keep-alive probes from ").append(the(side)).append(" (an old sequence number, no new"
                                    + " data; SO_KEEPALIVE), none answered");
                }
                if (t.lastAckedFrame != NONE) {
                    d.append("; the last acknowledgement from ").append(the(p)).append(" was frame ")
                            .append(t.lastAckedFrame);
                }
                d.append(". Nothing at all came back from ").append(the(p)).append(" - no ACK, no RST - so it is gone"
                        + " or unreachable: a crashed or powered-off host, a cable or route that failed, or a firewall,"
                        + " NAT or load balancer that now drops the connection's packets silently. ").append(capital(side))
                        .append("'s kernel gives up after its retries (Linux: net.ipv4.tcp_retries2, about 15 minutes by"
                                + " default; sooner with TCP_USER_TIMEOUT").append(probes ? ", or after TCP_KEEPCNT"
                                + " unanswered keep-alive probes" : "").append(") and reports ETIMEDOUT to the next or"
                                + " pending call. ");
                if (!data) {
                    d.append("The keep-alive probes found the peer gone while the connection was idle: no request was"
                            + " waiting. ");
                }
                if (t.reset() && t.resetFrame() > last) {
                    d.append("frame ").append(t.resetFrame()).append(": ").append(the(side)).append("'s RST, sent by its"
                            + " kernel as it gave up (Linux resets a connection whose keep-alive probes ran out); with "
                            + "the peer unreachable it most likely never arrived. ");
                }
                return new Prose(summary, d.toString().strip());
            }, rec.wakeFrame(), first, last, t.lastAckedFrame, t.resetFrame());
        }
        return null;
    }

    /**
     * After a silence of at least {@link ConnectionRecorder#WAKE_MIN_NANOS}, a segment drew a
     * RST from a side that had sent nothing since (no ACK, no FIN): the other end no longer
     * knew the connection.
     */
    Diagnosis idleForgotten(Side r) {
        EndpointTrack rt = rec.track(r);
        Side p = r.opposite();
        if (rt.resetAfterOwnFin() || rec.wakeFrom() != p || rec.wakeFrame() == NONE || rt.resetFrame() <= rec.wakeFrame()
                || rt.lastSentTime >= rec.wakeTime() || rec.wakeGapNanos() < AnnotationRules.idleThreshold(rec)) {
            return null;
        }
        return rules.make(DiagnosisCode.IDLE_FORGOTTEN, r, () -> {
            List<String> evidence = MiddleboxRules.evidence(rec, r);
            boolean middlebox = MiddleboxRules.ttlDiffers(rt);
            String idle = seconds(rec.wakeGapNanos());
            String summary = "After " + idle + " of silence, " + the(p) + "'s segment (frame " + rec.wakeFrame()
                    + ") was answered with RST (frame " + rt.resetFrame() + "): "
                    + (middlebox ? "a device between the hosts" : "the " + r.wire() + " side, or a device between,")
                    + " no longer knew the idle connection.";
            StringBuilder d = new StringBuilder("Nothing crossed the wire for " + idle + " before frame "
                    + rec.wakeFrame() + ", where " + the(p) + " sent again; frame " + rt.resetFrame() + ": a RST in "
                    + the(r) + "'s name, with no FIN before it and no ACK of anything since the silence. A socket that"
                    + " still existed would have acknowledged the segment (or closed with FIN); a RST without a socket is"
                    + " what a host sends for a connection it does not know, and what a load balancer, NAT or firewall"
                    + " sends after its idle timer dropped the connection's state. Usual holders of such idle timeouts: "
                    + IDLE_HOLDERS + ".");
            if (!evidence.isEmpty()) {
                d.append(" The RST itself: ").append(String.join("; ", evidence)).append(".");
            } else if (rt.nonRstSegments > 0) {
                d.append(" The RST looks like ").append(the(r)).append("'s own segments (same TTL), so it most likely"
                        + " came from ").append(the(r)).append("'s host: its process restarted or its stack dropped the"
                        + " connection.");
            }
            d.append(" ").append(rules.peerAfterReset(p, rec.track(p)));
            d.append("Keep the connection from idling past that timeout: TCP keep-alive (SO_KEEPALIVE with TCP_KEEPIDLE"
                    + " below it) or a pool that evicts idle connections sooner.");
            return new Prose(summary, d.toString().strip());
        }, rec.wakeFrame(), rt.resetFrame());
    }

    /**
     * The keep-alive race: {@code r} closed an idle connection with everything answered, and
     * its peer wrote on it later (a pool reusing it) and drew {@code r}'s RST.
     */
    Diagnosis stalePooled(Side r) {
        EndpointTrack rt = rec.track(r);
        Side p = r.opposite();
        EndpointTrack pt = rec.track(p);
        long threshold = AnnotationRules.idleThreshold(rec);
        // The server closes idle keep-alive connections (its keep-alive timeout is a read deadline on the
        // next request); a client that closed after silence had a read deadline of its own instead.
        if (r != Side.SERVER || !rt.resetAfterOwnFin() || rt.dataAfterOwnFinFrame() == NONE || rec.firstCloser() != r
                || rt.unansweredAtFin > 0 || rec.idleBeforeCloseNanos() < threshold
                || rt.payloadBytes == 0 || pt.payloadBytes - pt.bytesAfterPeerFin() <= 0
                || pt.dataAfterPeerFinTime() - rt.finTime < threshold) {
            return null;
        }
        return rules.make(DiagnosisCode.STALE_POOLED_CONNECTION, r, () -> {
            String idleAtClose = seconds(rec.idleBeforeCloseNanos());
            String reuseGap = seconds(pt.dataAfterPeerFinTime() - rt.finTime);
            String summary = capital(r) + " closed the idle keep-alive connection after " + idleAtClose + " (FIN, frame "
                    + rt.finFrame + "); " + reuseGap + " later " + the(p) + " reused it for a new request (frame "
                    + pt.dataAfterPeerFinFrame() + ") and drew RST (frame " + rt.resetFrame() + "): a stale pooled connection.";
            StringBuilder d = new StringBuilder("Before frame " + rt.finFrame + " both sides had exchanged data and "
                    + the(r) + " had answered everything it received; after " + idleAtClose + " of silence it closed"
                    + " (FIN, frame " + rt.finFrame + "), the mark of its keep-alive (idle) timeout, and "
                    + the(p) + "'s kernel acknowledged the FIN");
            if (rt.finAckedFrame != NONE) {
                d.append(" (frame ").append(rt.finAckedFrame).append(")");
            }
            d.append(". ").append(capital(p)).append(" was not reading the idle connection, so nothing noticed the EOF: ")
                    .append(reuseGap).append(" later it wrote ").append(bytes(pt.bytesAfterPeerFin())).append(" on it (frame ")
                    .append(pt.dataAfterPeerFinFrame()).append("), as a connection pool does when it hands out an idle"
                            + " connection, and ").append(the(r)).append(", whose socket was closed, answered with RST"
                            + " (frame ").append(rt.resetFrame()).append("). ").append(rules.peerAfterReset(p, pt))
                    .append("This is the keep-alive race: ").append(the(p)).append("'s pool keeps idle connections longer"
                            + " than ").append(the(r)).append(" does. Set the pool's idle timeout below ").append(the(r))
                    .append("'s keep-alive timeout (about ").append(idleAtClose).append(" here), retry idempotent requests"
                            + " on a fresh connection, and evict or validate idle connections before reuse.");
            return new Prose(summary, d.toString().strip());
        }, rt.finFrame, rt.finAckedFrame, pt.dataAfterPeerFinFrame(), rt.resetFrame());
    }

    /**
     * The server closed (FIN) while the client's data, acknowledged by the server's kernel,
     * was still unanswered: the server gave up on the request, and the client reads EOF.
     */
    Diagnosis serverGaveUp() {
        EndpointTrack s = rec.track(Side.SERVER);
        EndpointTrack c = rec.track(Side.CLIENT);
        if (!s.sentFin() || s.reset() || rec.firstCloser() != Side.SERVER || s.unansweredAtFin <= 0
                || !s.ackKnown || c.payloadBytes == 0 || c.sentFin() && c.finFrame < s.finFrame) {
            return null;
        }
        long waited = s.finTime - c.lastDataTime;
        return rules.make(DiagnosisCode.SERVER_GAVE_UP, Side.SERVER, () -> {
            String summary = "The server closed (FIN, frame " + s.finFrame + ") " + seconds(Math.max(0, waited))
                    + " after the client's request (frame " + s.unansweredSinceAtFin + "), without answering it: the"
                    + " server gave up while the client waited.";
            StringBuilder d = new StringBuilder("frame " + s.unansweredSinceAtFin + ": the client sent "
                    + bytes(s.unansweredAtFin) + " that the server's kernel acknowledged; frame " + s.finFrame + ": the"
                    + " server's FIN with no reply before it. ");
            if (waited >= AnnotationRules.idleThreshold(rec)) {
                d.append("The server waited ").append(seconds(waited)).append(" before closing: a server-side timeout"
                        + " (request, handler or upstream timeout) shorter than the client's. ");
            } else {
                d.append("The server closed at once: it refused the request, or its handler failed (a crash or an"
                        + " error path that closes without a response). ");
            }
            d.append("The client's read returns EOF where it expected a response (Go: \"unexpected EOF\" or \"server"
                    + " closed idle connection\", Python: RemoteDisconnected, Node: \"socket hang up\", curl: \"Empty"
                    + " reply from server\"). Look in the server's logs for the request's timeout or error; make the"
                    + " server's timeout longer than the client's, or retry idempotent requests.");
            if (c.sentFin()) {
                d.append(" The client then closed (FIN, frame ").append(c.finFrame).append(").");
            }
            return new Prose(summary, d.toString().strip());
        }, s.unansweredSinceAtFin, s.finFrame, c.finFrame);
    }
}
