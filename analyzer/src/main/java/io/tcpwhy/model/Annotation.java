package io.tcpwhy.model;

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
}
