package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;

import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import java.util.List;
import java.util.function.Supplier;

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

    /** Whether {@code t} sent its data or keep-alive probes again and again with nothing back: it gives up. */
    static boolean gaveUp(EndpointTrack t) {
        return t.retransmits().count() >= UNREACHABLE_RETRANSMISSIONS || t.probes().count() >= UNREACHABLE_PROBES;
    }

    ProductionRules(ConnectionRecorder rec) {
        this.rec = rec;
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
            return story(DiagnosisCode.ACCEPT_QUEUE_OVERFLOW, Side.SERVER, Kind.ACCEPT_QUEUE_OVERFLOW, Side.SERVER);
        }
        return null;
    }

    private Diagnosis.Wording acceptQueueOverflowWording() {
        EndpointTrack c = rec.track(Side.CLIENT);
        EndpointTrack s = rec.track(Side.SERVER);
        Text t = Text.begin();
        String summary = t.add("The server's accept queue on ").endpoint(rec.endpoint(Side.SERVER))
                .add(" was full: it ignored the client's handshake ACK (frame ").num(s.synAckedFrame)
                .add(") and sent its SYN-ACK again (frame ").num(s.synAfterAckedFrame())
                .add("), while the client believed it was connected.").take();
        t.frame(c.synFrame).add(": the client's SYN; ").frame(s.synFrame).add(": the server's SYN-ACK; ")
                .frame(s.synAckedFrame).add(": the client's ACK, which completes the handshake for the client (connect()"
                        + " returns); ").frame(s.synAfterAckedFrame()).add(": the server's SYN-ACK again, sent ")
                .num(s.synCount).add(" times in all (last in ").frame(s.lastSynFrame).add("). A Linux listener whose"
                        + " accept queue is full drops the final ACK and keeps the connection in SYN_RECV, retransmitting"
                        + " its SYN-ACK, until its application accept()s and makes room.");
        if (c.payloadBytes > 0) {
            t.add(" The client's ").bytes(c.payloadBytes).add(" (from ").frame(c.firstDataFrame)
                    .add(") were never answered by the server's application.");
        }
        t.add(" The listener's application accepts too slowly (or not at all) for its backlog: raise the listen backlog"
                + " (and net.core.somaxconn), accept faster, or add workers.");
        return t.wording(summary, c.synFrame, s.synFrame, s.synAckedFrame, s.synAfterAckedFrame(), c.firstDataFrame);
    }

    /** A side whose data or keep-alive probes went unanswered, retransmitted, with nothing back by the end. */
    Diagnosis peerUnreachable() {
        Diagnosis client = peerUnreachable(Side.CLIENT);
        return client != null ? client : peerUnreachable(Side.SERVER);
    }

    private Diagnosis peerUnreachable(Side side) {
        EndpointTrack t = rec.track(side);
        boolean data = t.retransmits().count() >= UNREACHABLE_RETRANSMISSIONS;
        if (!data && t.probes().count() < UNREACHABLE_PROBES) {
            return null;
        }
        return story(DiagnosisCode.PEER_UNREACHABLE, null, Kind.PEER_UNREACHABLE, side);
    }

    /** {@code side} retransmitted its data, or else its keep-alive probes, with nothing back. */
    private Diagnosis.Wording peerUnreachableWording(Side side) {
        EndpointTrack t = rec.track(side);
        boolean data = t.retransmits().count() >= UNREACHABLE_RETRANSMISSIONS;
        boolean probes = !data;
        Side p = side.opposite();
        EndpointTrack.Run run = data ? t.retransmits() : t.probes();
        long first = run.firstFrame();
        long last = run.lastFrame();
        int count = run.count();
        Text x = Text.begin();
        String summary = x.capital(p).add(" stopped answering: ").the(side).add(" sent ")
                .add(data ? "its unacknowledged data" : "keep-alive probes").add(' ').num(count)
                .add(data ? " more times" : " times").add(" over ").seconds(run.spanNanos()).add(" (frames ").num(first)
                .add(" to ").num(last).add(") and nothing came back, so its calls fail with ETIMEDOUT (Connection timed"
                        + " out).").take();
        if (rec.wakeFrame() != NONE && rec.wakeFrom() == side && rec.wakeFrame() <= first + 1) {
            x.frame(rec.wakeFrame()).add(": ").the(side).add(" sent after ").seconds(rec.wakeGapNanos())
                    .add(" of silence; ");
        }
        if (data) {
            x.add("from ").frame(first).add(" to ").frame(last).add(": ").the(side).add(" retransmitted data ").the(p)
                    .add(" never acknowledged, ").num(count).add(count == 1 ? " time" : " times")
                    .add(" with growing gaps (its retransmission timer backing off)");
        } else {
            x.add("from ").frame(first).add(" to ").frame(last).add(": ").num(count).add(" keep-alive probes from ")
                    .the(side).add(" (an old sequence number, no new data; SO_KEEPALIVE), none answered");
        }
        if (t.lastAckedFrame != NONE) {
            x.add("; the last acknowledgement from ").the(p).add(" was ").frame(t.lastAckedFrame);
        }
        x.add(". Nothing at all came back from ").the(p).add(" - no ACK, no RST - so it is gone or unreachable: a crashed"
                + " or powered-off host, a cable or route that failed, or a firewall, NAT or load balancer that now drops"
                + " the connection's packets silently. ").capital(side).add("'s kernel gives up after its retries"
                + " (Linux: net.ipv4.tcp_retries2, about 15 minutes by default; sooner with TCP_USER_TIMEOUT")
                .add(probes ? ", or after TCP_KEEPCNT unanswered keep-alive probes" : "").add(") and reports ETIMEDOUT to"
                        + " the next or pending call. ");
        if (!data) {
            x.add("The keep-alive probes found the peer gone while the connection was idle: no request was waiting. ");
        }
        if (t.reset() && t.resetFrame() > last) {
            x.frame(t.resetFrame()).add(": ").the(side).add("'s RST, sent by its kernel as it gave up (Linux resets a"
                    + " connection whose keep-alive probes ran out); with the peer unreachable it most likely never"
                    + " arrived. ");
        }
        return x.wording(summary, rec.wakeFrame(), first, last, t.lastAckedFrame, t.resetFrame());
    }

    /**
     * After a silence of at least {@link ConnectionRecorder#WAKE_MIN_NANOS}, a segment drew a
     * RST from a side that had sent nothing since (no ACK, no FIN): the other end no longer
     * knew the connection.
     */
    Diagnosis idleForgotten(Side r) {
        EndpointTrack rt = rec.track(r);
        Side p = r.opposite();
        // A RST that acknowledges what woke the connection (a listener closed with the connection
        // still queued: RST|ACK of the client's FIN) came from a socket that knew it.
        if (rt.resetAfterOwnFin() || rt.resetAcksNew() || rec.wakeFrom() != p || rec.wakeFrame() == NONE
                || rt.resetFrame() <= rec.wakeFrame()
                || rt.lastSentTime >= rec.wakeTime() || rec.wakeGapNanos() < AnnotationRules.idleThreshold(rec)) {
            return null;
        }
        return story(DiagnosisCode.IDLE_FORGOTTEN, r, Kind.IDLE_FORGOTTEN, r);
    }

    private Diagnosis.Wording idleForgottenWording(Side r) {
        EndpointTrack rt = rec.track(r);
        Side p = r.opposite();
        List<String> evidence = MiddleboxRules.evidence(rec, r);
        boolean middlebox = MiddleboxRules.ttlDiffers(rt);
        Text t = Text.begin();
        t.add("After ").seconds(rec.wakeGapNanos()).add(" of silence, ").the(p).add("'s segment (frame ")
                .num(rec.wakeFrame()).add(") was answered with RST (frame ").num(rt.resetFrame()).add("): ");
        if (middlebox) {
            t.add("a device between the hosts");
        } else {
            t.add("the ").add(r.wire()).add(" side, or a device between,");
        }
        String summary = t.add(" no longer knew the idle connection.").take();
        t.add("Nothing crossed the wire for ").seconds(rec.wakeGapNanos()).add(" before ").frame(rec.wakeFrame())
                .add(", where ").the(p).add(" sent again; ").frame(rt.resetFrame()).add(": a RST in ").the(r)
                .add("'s name, with no FIN before it and no ACK of anything since the silence. A socket that still"
                        + " existed would have acknowledged the segment (or closed with FIN); a RST without a socket is"
                        + " what a host sends for a connection it does not know, and what a load balancer, NAT or"
                        + " firewall sends after its idle timer dropped the connection's state. Usual holders of such"
                        + " idle timeouts: ").add(IDLE_HOLDERS).add('.');
        if (!evidence.isEmpty()) {
            t.add(" The RST itself: ").add(String.join("; ", evidence)).add('.');
        } else if (rt.nonRstSegments > 0) {
            t.add(" The RST looks like ").the(r).add("'s own segments (same TTL), so it most likely came from ").the(r)
                    .add("'s host: its process restarted or its stack dropped the connection.");
        }
        t.add(' ');
        DiagnosisRules.peerAfterReset(t, p, rec.track(p));
        t.add("Keep the connection from idling past that timeout: TCP keep-alive (SO_KEEPALIVE with TCP_KEEPIDLE below"
                + " it) or a pool that evicts idle connections sooner.");
        return t.wording(summary, rec.wakeFrame(), rt.resetFrame());
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
        return story(DiagnosisCode.STALE_POOLED_CONNECTION, r, Kind.STALE_POOLED, r);
    }

    private Diagnosis.Wording stalePooledWording(Side r) {
        EndpointTrack rt = rec.track(r);
        Side p = r.opposite();
        EndpointTrack pt = rec.track(p);
        long idleAtClose = rec.idleBeforeCloseNanos();
        long reuseGap = pt.dataAfterPeerFinTime() - rt.finTime;
        Text t = Text.begin();
        String summary = t.capital(r).add(" closed the idle keep-alive connection after ").seconds(idleAtClose)
                .add(" (FIN, frame ").num(rt.finFrame).add("); ").seconds(reuseGap).add(" later ").the(p)
                .add(" reused it for a new request (frame ").num(pt.dataAfterPeerFinFrame()).add(") and drew RST (frame ")
                .num(rt.resetFrame()).add("): a stale pooled connection.").take();
        t.add("Before ").frame(rt.finFrame).add(" both sides had exchanged data and ").the(r)
                .add(" had answered everything it received; after ").seconds(idleAtClose).add(" of silence it closed"
                        + " (FIN, frame ").num(rt.finFrame).add("), the mark of its keep-alive (idle) timeout, and ")
                .the(p).add("'s kernel acknowledged the FIN");
        if (rt.finAckedFrame != NONE) {
            t.add(" (").frame(rt.finAckedFrame).add(')');
        }
        t.add(". ").capital(p).add(" was not reading the idle connection, so nothing noticed the EOF: ").seconds(reuseGap)
                .add(" later it wrote ").bytes(pt.bytesAfterPeerFin()).add(" on it (").frame(pt.dataAfterPeerFinFrame())
                .add("), as a connection pool does when it hands out an idle connection, and ").the(r)
                .add(", whose socket was closed, answered with RST (").frame(rt.resetFrame()).add("). ");
        DiagnosisRules.peerAfterReset(t, p, pt);
        t.add("This is the keep-alive race: ").the(p).add("'s pool keeps idle connections longer than ").the(r)
                .add(" does. Set the pool's idle timeout below ").the(r).add("'s keep-alive timeout (about ")
                .seconds(idleAtClose).add(" here), retry idempotent requests on a fresh connection, and evict or validate"
                        + " idle connections before reuse.");
        return t.wording(summary, rt.finFrame, rt.finAckedFrame, pt.dataAfterPeerFinFrame(), rt.resetFrame());
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
        return story(DiagnosisCode.SERVER_GAVE_UP, Side.SERVER, Kind.SERVER_GAVE_UP, Side.SERVER);
    }

    private Diagnosis.Wording serverGaveUpWording() {
        EndpointTrack s = rec.track(Side.SERVER);
        EndpointTrack c = rec.track(Side.CLIENT);
        long waited = s.finTime - c.lastDataTime;
        Text t = Text.begin();
        String summary = t.add("The server closed (FIN, frame ").num(s.finFrame).add(") ").seconds(Math.max(0, waited))
                .add(" after the client's request (frame ").num(s.unansweredSinceAtFin).add("), without answering it:"
                        + " the server gave up while the client waited.").take();
        t.frame(s.unansweredSinceAtFin).add(": the client sent ").bytes(s.unansweredAtFin)
                .add(" that the server's kernel acknowledged; ").frame(s.finFrame).add(": the server's FIN with no reply"
                        + " before it. ");
        if (waited >= AnnotationRules.idleThreshold(rec)) {
            t.add("The server waited ").seconds(waited).add(" before closing: a server-side timeout (request, handler or"
                    + " upstream timeout) shorter than the client's. ");
        } else {
            t.add("The server closed at once: it refused the request, or its handler failed (a crash or an error path"
                    + " that closes without a response). ");
        }
        t.add("The client's read returns EOF where it expected a response (Go: \"unexpected EOF\" or \"server closed"
                + " idle connection\", Python: RemoteDisconnected, Node: \"socket hang up\", curl: \"Empty reply from"
                + " server\"). Look in the server's logs for the request's timeout or error; make the server's timeout"
                + " longer than the client's, or retry idempotent requests.");
        if (c.sentFin()) {
            t.add(" The client then closed (FIN, ").frame(c.finFrame).add(").");
        }
        return t.wording(summary, s.unansweredSinceAtFin, s.finFrame, c.finFrame);
    }

    private Diagnosis story(DiagnosisCode code, Side closedBy, Kind kind, Side side) {
        return Diagnosis.lazy(code, closedBy, new Story(kind, this, side));
    }

    /** The stories these rules tell, one wording method each. */
    private enum Kind {
        ACCEPT_QUEUE_OVERFLOW, PEER_UNREACHABLE, IDLE_FORGOTTEN, STALE_POOLED, SERVER_GAVE_UP
    }

    /** The wording of one diagnosis about {@code side}, written when first asked for (as {@link DiagnosisRules}'s). */
    private record Story(Kind kind, ProductionRules rules, Side side) implements Supplier<Diagnosis.Wording> {

        @Override
        public Diagnosis.Wording get() {
            switch (kind) {
                case ACCEPT_QUEUE_OVERFLOW:
                    return rules.acceptQueueOverflowWording();
                case PEER_UNREACHABLE:
                    return rules.peerUnreachableWording(side);
                case IDLE_FORGOTTEN:
                    return rules.idleForgottenWording(side);
                case STALE_POOLED:
                    return rules.stalePooledWording(side);
                case SERVER_GAVE_UP:
                    return rules.serverGaveUpWording();
                default:
                    throw new IllegalStateException("no wording for " + kind);
            }
        }
    }
}
