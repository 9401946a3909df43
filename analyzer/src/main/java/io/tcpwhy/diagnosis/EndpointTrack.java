package io.tcpwhy.diagnosis;

import io.tcpwhy.model.TcpState;

/**
 * What one endpoint sent and received, kept in constant space while its connection is
 * open. Sequence values are raw 32-bit numbers compared with {@link SeqMath}; frames are
 * -1 until the event has been seen. The recorder writes these fields (the unusual ones
 * through {@link #mishaps()}); the rules that explain the connection only read them.
 */
final class EndpointTrack {

    static final long NONE = -1;

    TcpState state = TcpState.UNKNOWN;

    /** Raw sequence number that relative numbering counts from; -1 until the first segment. */
    long base = NONE;
    /** Highest sequence number sent plus its length (SYN, payload, FIN). */
    long nextSeq;
    boolean nextKnown;
    /** Highest acknowledgment this endpoint sent: how far it had received the peer's stream. */
    long highestAck;
    boolean ackKnown;
    /** Sent a non-SYN, non-RST segment with ACK: it takes part in a synchronized exchange. */
    boolean sentAck;
    int lastWindow = -1;
    int windowScale = -1;

    long synFrame = NONE;
    long synTime;
    boolean synWithAck;
    /** Sent a SYN-ACK after its own bare SYN: a simultaneous open. */
    boolean sentSynAck;
    long isn;
    int synCount;
    long lastSynFrame = NONE;
    boolean synAcked;

    long payloadBytes;
    /** End of the highest payload byte sent (raw), valid when payloadBytes > 0. */
    long dataEnd;
    long firstDataFrame = NONE;
    long lastDataFrame = NONE;
    long lastDataTime;

    long finFrame = NONE;
    long finTime;
    long finSeq;
    long finAckedFrame = NONE;

    /** Bytes received from the peer since this endpoint last sent payload of its own. */
    long unanswered;
    long unansweredSinceFrame = NONE;



    long closeWaitSince = NONE;
    /** Nanoseconds this endpoint held CLOSE_WAIT before it sent FIN or RST; -1 if it did not. */
    long closeWaitHeldNanos = NONE;


    // Who sent this endpoint's segments: its RST is compared with them (a middlebox gives itself away).
    /** TTL / hop limit of its non-RST segments, -1 before the first; {@link #ttlVaried} when they differed. */
    int ttl = -1;
    boolean ttlVaried;
    long nonRstSegments;
    /** Of {@link #nonRstSegments}, those carrying the TCP timestamps option (RFC 7323). */
    long timestampSegments;
    /** IPv4 identification of its latest non-RST segment, -1 for none or IPv6. */
    int lastIpId = -1;
    long lastSentTime = NONE;

    /** The peer's ACK that last moved this endpoint's acknowledged data forward. */
    long lastAckedFrame = NONE;
    long lastAckedTime;
    /** Bytes from the peer it had not answered when it sent its FIN. */
    long unansweredAtFin;
    long unansweredSinceAtFin = NONE;
    long synAckedFrame = NONE;

    /**
     * What most connections never have (resets, retransmissions, keep-alive probes, a hole in
     * the stream, data after a FIN, a zero window): made on the first such event, read through
     * the accessors below, which give the default while there is none. Every open connection
     * holds two tracks, and these fields were more than half of each (issue 12).
     */
    private Mishaps mishaps;

    /** The part for unusual events, made when the recorder first notes one. */
    Mishaps mishaps() {
        if (mishaps == null) {
            mishaps = new Mishaps();
        }
        return mishaps;
    }

    /** Whether an unusual event was noted: a reset of a run need not make the part. */
    boolean hasMishaps() {
        return mishaps != null;
    }

    static final class Mishaps {
        /** One gap in the sent stream (bytes skipped, seen later out of order), raw bounds. */
        boolean hole;
        long holeStart;
        long holeEnd;
        /** This endpoint sent payload after the peer's FIN: a write into a half-closed or closed peer. */
        long dataAfterPeerFinFrame = NONE;
        long dataAfterPeerFinTime;
        long bytesAfterPeerFin;
        /** The peer's payload that arrived after this endpoint's FIN. */
        long dataAfterOwnFinFrame = NONE;
        long bytesAfterOwnFin;
        /** The first RST this endpoint sent that the receiver would accept, and its context. */
        long resetFrame = NONE;
        long resetTime;
        boolean resetAfterOwnFin;
        /** The RST acknowledged something this side had not acknowledged before: its socket knew the connection. */
        boolean resetAcksNew;
        long unansweredAtReset;
        long unansweredSinceAtReset = NONE;
        /** The peer's latest payload segment before the reset: what the reset answered. */
        long peerDataBeforeReset = NONE;
        long outOfWindowRstFrame = NONE;
        int rstCount;
        /** The first accepted RST this endpoint received, and what it had seen by then. */
        long resetReceivedFrame = NONE;
        TcpState stateWhenReset;
        boolean finReceivedBeforeReset;
        long zeroWindowFrame = NONE;
        /** The first accepted RST's IP and TCP header values, to hold against {@code ttl}, {@code timestampSegments} and {@code lastIpId}. */
        int resetTtl = -1;
        boolean resetHasTimestamps;
        int resetIpId = -1;
        /** Data it sent and retransmitted with nothing at all coming back since: a peer that stopped answering. */
        private Run retransmits;
        /** Keep-alive probes (RFC 9293 §3.8.4: one old sequence number, no new data) unanswered in a row. */
        private Run probes;
        /** Its SYN-ACK sent again after the peer had acknowledged it: the final ACK was dropped (a full accept queue). */
        long synAfterAckedFrame = NONE;
        long synRetransmitFrame = NONE;
        long finRetransmitFrame = NONE;
        long dataRetransmitFrame = NONE;

        /** The retransmission run, made on the first retransmission (most resets never have one). */
        Run retransmitRun() {
            if (retransmits == null) {
                retransmits = new Run();
            }
            return retransmits;
        }

        /** The keep-alive probe run, made on the first probe. */
        Run probeRun() {
            if (probes == null) {
                probes = new Run();
            }
            return probes;
        }
    }

    /** The peer was heard from: this endpoint's runs of retransmissions and probes are over. */
    void endRuns() {
        if (mishaps != null) {
            if (mishaps.retransmits != null) {
                mishaps.retransmits.end();
            }
            if (mishaps.probes != null) {
                mishaps.probes.end();
            }
        }
    }

    /** Its unanswered data retransmissions in a row (nothing at all came back since the first). */
    Run retransmits() {
        return mishaps == null || mishaps.retransmits == null ? Run.NONE_YET : mishaps.retransmits;
    }

    /** Its unanswered keep-alive probes in a row. */
    Run probes() {
        return mishaps == null || mishaps.probes == null ? Run.NONE_YET : mishaps.probes;
    }

    /**
     * Segments of one kind an endpoint sent in a row with nothing coming back: how many, and
     * the first and last (frame and time). Anything from the peer ends the run.
     */
    static final class Run {

        /** The run of an endpoint that has had none: read-only, shared. */
        static final Run NONE_YET = new Run();

        private int count;
        private long firstFrame = NONE;
        private long firstTime;
        private long lastFrame = NONE;
        private long lastTime;

        void add(long frame, long timeNanos) {
            writable();
            if (count == 0) {
                firstFrame = frame;
                firstTime = timeNanos;
            }
            count++;
            lastFrame = frame;
            lastTime = timeNanos;
        }

        /** The peer was heard from: the next segment of this kind starts a new run. */
        void end() {
            writable();
            count = 0;
        }

        private void writable() {
            if (this == NONE_YET) {
                throw new IllegalStateException("the shared empty run was written (expected the track's own, via mishaps())");
            }
        }

        int count() {
            return count;
        }

        long firstFrame() {
            return firstFrame;
        }

        long lastFrame() {
            return lastFrame;
        }

        /** Nanoseconds from the run's first segment to its last. */
        long spanNanos() {
            return lastTime - firstTime;
        }
    }

    boolean hole() {
        return mishaps != null && mishaps.hole;
    }

    long holeStart() {
        return mishaps == null ? 0 : mishaps.holeStart;
    }

    long holeEnd() {
        return mishaps == null ? 0 : mishaps.holeEnd;
    }

    long dataAfterPeerFinFrame() {
        return mishaps == null ? NONE : mishaps.dataAfterPeerFinFrame;
    }

    long dataAfterPeerFinTime() {
        return mishaps == null ? 0 : mishaps.dataAfterPeerFinTime;
    }

    long bytesAfterPeerFin() {
        return mishaps == null ? 0 : mishaps.bytesAfterPeerFin;
    }

    long dataAfterOwnFinFrame() {
        return mishaps == null ? NONE : mishaps.dataAfterOwnFinFrame;
    }

    long bytesAfterOwnFin() {
        return mishaps == null ? 0 : mishaps.bytesAfterOwnFin;
    }

    long resetFrame() {
        return mishaps == null ? NONE : mishaps.resetFrame;
    }

    long resetTime() {
        return mishaps == null ? 0 : mishaps.resetTime;
    }

    boolean resetAfterOwnFin() {
        return mishaps != null && mishaps.resetAfterOwnFin;
    }

    boolean resetAcksNew() {
        return mishaps != null && mishaps.resetAcksNew;
    }

    long unansweredAtReset() {
        return mishaps == null ? 0 : mishaps.unansweredAtReset;
    }

    long unansweredSinceAtReset() {
        return mishaps == null ? NONE : mishaps.unansweredSinceAtReset;
    }

    long peerDataBeforeReset() {
        return mishaps == null ? NONE : mishaps.peerDataBeforeReset;
    }

    long outOfWindowRstFrame() {
        return mishaps == null ? NONE : mishaps.outOfWindowRstFrame;
    }

    int rstCount() {
        return mishaps == null ? 0 : mishaps.rstCount;
    }

    int resetTtl() {
        return mishaps == null ? -1 : mishaps.resetTtl;
    }

    boolean resetHasTimestamps() {
        return mishaps != null && mishaps.resetHasTimestamps;
    }

    int resetIpId() {
        return mishaps == null ? -1 : mishaps.resetIpId;
    }

    long resetReceivedFrame() {
        return mishaps == null ? NONE : mishaps.resetReceivedFrame;
    }

    TcpState stateWhenReset() {
        return mishaps == null ? null : mishaps.stateWhenReset;
    }

    boolean finReceivedBeforeReset() {
        return mishaps != null && mishaps.finReceivedBeforeReset;
    }

    long zeroWindowFrame() {
        return mishaps == null ? NONE : mishaps.zeroWindowFrame;
    }

    long synAfterAckedFrame() {
        return mishaps == null ? NONE : mishaps.synAfterAckedFrame;
    }

    long synRetransmitFrame() {
        return mishaps == null ? NONE : mishaps.synRetransmitFrame;
    }

    long finRetransmitFrame() {
        return mishaps == null ? NONE : mishaps.finRetransmitFrame;
    }

    long dataRetransmitFrame() {
        return mishaps == null ? NONE : mishaps.dataRetransmitFrame;
    }

    boolean sentSyn() {
        return synFrame != NONE;
    }

    boolean sentFin() {
        return finFrame != NONE;
    }

    boolean reset() {
        return resetFrame() != NONE;
    }

    /** Its own FIN came first and the peer's data after it was taken in, not reset: shutdownOutput. */
    boolean halfClosed() {
        return sentFin() && dataAfterOwnFinFrame() != NONE && (!reset() || !resetAfterOwnFin());
    }

    /**
     * Whether the application could still call read or write on the socket when {@code frame}
     * arrived: it had neither closed (FIN) nor reset before, or had only shut down output.
     */
    boolean openAt(long frame) {
        boolean finBefore = sentFin() && finFrame < frame;
        boolean resetBefore = reset() && resetFrame() < frame;
        return !resetBefore && (!finBefore || halfClosed());
    }
}
