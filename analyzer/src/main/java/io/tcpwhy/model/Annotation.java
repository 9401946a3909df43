package io.tcpwhy.model;

import java.util.List;

/**
 * A finding beyond the diagnosis. Each code is its own record so that its fields are
 * typed; {@link #side()} is null for findings about the whole connection.
 */
public sealed interface Annotation {

    AnnotationCode code();

    Side side();

    /** The side that closed first did so after {@code idleSeconds} of silence on the wire. */
    record IdleBeforeClose(Side side, double idleSeconds, boolean awaitingReply) implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.IDLE_BEFORE_CLOSE;
        }
    }

    /** {@code side} stayed in CLOSE_WAIT this long before it finally closed. */
    record CloseWaitHeld(Side side, double seconds) implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.CLOSE_WAIT_HELD;
        }
    }

    /** The capture started after the connection opened. */
    record NoHandshake() implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.NO_HANDSHAKE;
        }

        public Side side() {
            return null;
        }
    }

    /** The same 4-tuple was used again by a new connection. */
    record PortReuse() implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.PORT_REUSE;
        }

        public Side side() {
            return null;
        }
    }

    /** {@code side} sent a SYN, FIN or data segment again; {@code flag} is "SYN", "FIN" or "DATA". */
    record Retransmitted(Side side, String flag) implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.RETRANSMITTED;
        }
    }

    /** {@code side} advertised a zero window: its application was not reading. */
    record ZeroWindow(Side side) implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.ZERO_WINDOW;
        }
    }

    /** {@code side} sent a RST whose sequence number the receiver would reject. */
    record RstOutOfWindow(Side side) implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.RST_OUT_OF_WINDOW;
        }
    }

    /**
     * {@code side}'s RST (in {@code frame}) most likely came from something between the
     * hosts, not from that side's own stack: {@code evidence} lists what gives it away
     * (its TTL or hop limit against the side's earlier segments, a missing timestamps
     * option the side always sent, an IPv4 ID out of the side's sequence).
     */
    record RstFromMiddlebox(Side side, long frame, List<String> evidence) implements Annotation {
        public RstFromMiddlebox {
            evidence = List.copyOf(evidence);
        }

        public AnnotationCode code() {
            return AnnotationCode.RST_FROM_MIDDLEBOX;
        }
    }

    /**
     * The capture lost {@code frames} frames (kernel or ring-buffer drops) while this
     * connection was open: what the verdict says of the gap may be the gap's doing.
     */
    record FramesDropped(long frames) implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.FRAMES_DROPPED;
        }

        public Side side() {
            return null;
        }
    }

    /**
     * These segments came after the connection on the same socket pair that ended at frame
     * {@code endedAtFrame} had been reported, in its sequence space: late segments of that
     * connection (retransmissions, a last ACK or RST), reported apart.
     */
    record LateSegments(long endedAtFrame) implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.LATE_SEGMENTS;
        }

        public Side side() {
            return null;
        }
    }

    /**
     * The connection was still open but was reported early because more than {@code cap}
     * connections were open at once (the least recently active goes first); a later
     * segment on it starts a new report.
     */
    record Evicted(int cap) implements Annotation {
        public AnnotationCode code() {
            return AnnotationCode.EVICTED;
        }

        public Side side() {
            return null;
        }
    }
}
