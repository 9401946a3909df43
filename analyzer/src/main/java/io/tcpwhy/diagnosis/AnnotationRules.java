package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.Side;
import io.tcpwhy.tcp.TrackedConnection;
import java.util.ArrayList;
import java.util.List;

/** The contract's annotations for a recorded connection, in the contract's order of codes. */
final class AnnotationRules {

    /**
     * Silence shorter than this before a close is not worth a finding: a close that follows
     * activity comes within milliseconds on loopback and LANs, and read deadlines are longer.
     */
    static final long MIN_IDLE_NANOS = 100_000_000L;
    /** On slower paths, silence must also exceed this many handshake round trips to count. */
    static final int IDLE_ROUND_TRIPS = 10;
    /** Annotations of a typical connection, which has one or two. */
    private static final int USUAL_ANNOTATIONS = 2;

    private AnnotationRules() {
    }

    static List<Annotation> annotate(TrackedConnection<ConnectionRecorder> conn) {
        ConnectionRecorder rec = conn.observer();
        List<Annotation> out = new ArrayList<>(USUAL_ANNOTATIONS);
        long threshold = idleThreshold(rec);
        if (rec.firstCloser() != null && rec.idleBeforeCloseNanos() >= threshold) {
            out.add(new Annotation.IdleBeforeClose(rec.firstCloser(), Words.secondsValue(rec.idleBeforeCloseNanos()),
                    rec.awaitingReplyAtClose()));
        }
        closeWaitHeld(out, Side.CLIENT, rec.track(Side.CLIENT), threshold);
        closeWaitHeld(out, Side.SERVER, rec.track(Side.SERVER), threshold);
        EndpointTrack client = rec.track(Side.CLIENT);
        if (!client.sentSyn() || client.synWithAck) {
            out.add(new Annotation.NoHandshake());
        }
        if (conn.portReuse()) {
            out.add(new Annotation.PortReuse());
        }
        retransmitted(out, Side.CLIENT, rec.track(Side.CLIENT));
        retransmitted(out, Side.SERVER, rec.track(Side.SERVER));
        // Each kind for both sides before the next kind: the contract's order of codes.
        if (rec.track(Side.CLIENT).zeroWindowFrame() != NONE) {
            out.add(new Annotation.ZeroWindow(Side.CLIENT));
        }
        if (rec.track(Side.SERVER).zeroWindowFrame() != NONE) {
            out.add(new Annotation.ZeroWindow(Side.SERVER));
        }
        if (rec.track(Side.CLIENT).outOfWindowRstFrame() != NONE) {
            out.add(new Annotation.RstOutOfWindow(Side.CLIENT));
        }
        if (rec.track(Side.SERVER).outOfWindowRstFrame() != NONE) {
            out.add(new Annotation.RstOutOfWindow(Side.SERVER));
        }
        Annotation middlebox = MiddleboxRules.rstFromMiddlebox(rec);
        if (middlebox != null) {
            out.add(middlebox);
        }
        if (conn.framesDropped() > 0) {
            out.add(new Annotation.FramesDropped(conn.framesDropped()));
        }
        if (conn.lateAfterFrame() != TrackedConnection.NOT_LATE) {
            out.add(new Annotation.LateSegments(conn.lateAfterFrame()));
        }
        if (conn.evictedAtCap() > 0) {
            out.add(new Annotation.Evicted(conn.evictedAtCap()));
        }
        return out;
    }

    private static void closeWaitHeld(List<Annotation> out, Side side, EndpointTrack t, long threshold) {
        long held = t.closeWaitHeldNanos;
        if (held != NONE && held >= threshold) {
            out.add(new Annotation.CloseWaitHeld(side, Words.secondsValue(held)));
        }
    }

    private static void retransmitted(List<Annotation> out, Side side, EndpointTrack t) {
        if (t.synRetransmitFrame() != NONE) {
            out.add(new Annotation.Retransmitted(side, "SYN"));
        }
        if (t.finRetransmitFrame() != NONE) {
            out.add(new Annotation.Retransmitted(side, "FIN"));
        }
        if (t.dataRetransmitFrame() != NONE) {
            out.add(new Annotation.Retransmitted(side, "DATA"));
        }
    }

    static long idleThreshold(ConnectionRecorder rec) {
        long rtt = rec.handshakeNanos();
        return rtt == NONE ? MIN_IDLE_NANOS : Math.max(MIN_IDLE_NANOS, rtt * IDLE_ROUND_TRIPS);
    }

    /** The timing findings as sentences, appended to a diagnosis detail. */
    static void narrate(ConnectionRecorder rec, Text t) {
        long threshold = idleThreshold(rec);
        Side closer = rec.firstCloser();
        if (closer != null && rec.idleBeforeCloseNanos() >= threshold) {
            t.capital(closer).add(" closed after ").seconds(rec.idleBeforeCloseNanos()).add(" of silence on the wire");
            if (rec.awaitingReplyAtClose() && closer == Side.SERVER) {
                t.add(", its answer acknowledged and no new request after it: the mark of its idle (keep-alive)"
                        + " timeout");
            } else if (rec.awaitingReplyAtClose()) {
                t.add(", its own data acknowledged and never answered: it gave up waiting for a reply, the mark of"
                        + " a read timeout or deadline");
            } else {
                t.add(": an idle timeout, or an application that was done");
            }
            t.add(". ");
        }
        closeWaitHeld(rec, Side.CLIENT, threshold, t);
        closeWaitHeld(rec, Side.SERVER, threshold, t);
    }

    private static void closeWaitHeld(ConnectionRecorder rec, Side side, long threshold, Text t) {
        long held = rec.track(side).closeWaitHeldNanos;
        if (held != NONE && held >= threshold) {
            t.capital(side).add(" held CLOSE_WAIT for ").seconds(held).add(" before it closed. ");
        }
    }
}
