package io.tcpwhy.diagnosis;

import io.tcpwhy.model.TcpState;

/**
 * What one endpoint sent and received, kept in constant space while its connection is
 * open. Sequence values are raw 32-bit numbers compared with {@link SeqMath}; frames are
 * -1 until the event has been seen. The recorder writes these fields; the rules that
 * explain the connection only read them.
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
    /** One gap in the sent stream (bytes skipped, seen later out of order), raw bounds. */
    boolean hole;
    long holeStart;
    long holeEnd;

    long finFrame = NONE;
    long finTime;
    long finSeq;
    long finAckedFrame = NONE;

    /** Bytes received from the peer since this endpoint last sent payload of its own. */
    long unanswered;
    long unansweredSinceFrame = NONE;
    /** This endpoint sent payload after the peer's FIN: a write into a half-closed or closed peer. */
    long dataAfterPeerFinFrame = NONE;
    long bytesAfterPeerFin;
    /** The peer's payload that arrived after this endpoint's FIN. */
    long dataAfterOwnFinFrame = NONE;
    long bytesAfterOwnFin;

    /** The first RST this endpoint sent that the receiver would accept, and its context. */
    long resetFrame = NONE;
    long resetTime;
    boolean resetAfterOwnFin;
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

    long closeWaitSince = NONE;
    /** Nanoseconds this endpoint held CLOSE_WAIT before it sent FIN or RST; -1 if it did not. */
    long closeWaitHeldNanos = NONE;

    long zeroWindowFrame = NONE;
    long synRetransmitFrame = NONE;
    long finRetransmitFrame = NONE;
    long dataRetransmitFrame = NONE;

    boolean sentSyn() {
        return synFrame != NONE;
    }

    boolean sentFin() {
        return finFrame != NONE;
    }

    boolean reset() {
        return resetFrame != NONE;
    }

    /** Its own FIN came first and the peer's data after it was taken in, not reset: shutdownOutput. */
    boolean halfClosed() {
        return sentFin() && dataAfterOwnFinFrame != NONE && (!reset() || !resetAfterOwnFin);
    }

    /**
     * Whether the application could still call read or write on the socket when {@code frame}
     * arrived: it had neither closed (FIN) nor reset before, or had only shut down output.
     */
    boolean openAt(long frame) {
        boolean finBefore = sentFin() && finFrame < frame;
        boolean resetBefore = reset() && resetFrame < frame;
        return !resetBefore && (!finBefore || halfClosed());
    }
}
