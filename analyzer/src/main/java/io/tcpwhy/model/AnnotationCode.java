package io.tcpwhy.model;

/** Further findings about a connection: the contract's annotation codes, then tcpwhy's own (docs/json.md). */
public enum AnnotationCode {
    IDLE_BEFORE_CLOSE, CLOSE_WAIT_HELD, NO_HANDSHAKE, PORT_REUSE, RETRANSMITTED, ZERO_WINDOW, RST_OUT_OF_WINDOW,
    RST_FROM_MIDDLEBOX, FRAMES_DROPPED, LATE_SEGMENTS, EVICTED
}
