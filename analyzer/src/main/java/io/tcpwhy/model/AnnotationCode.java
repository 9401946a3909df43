package io.tcpwhy.model;

/** Further findings about a connection; the contract's annotation codes. */
public enum AnnotationCode {
    IDLE_BEFORE_CLOSE, CLOSE_WAIT_HELD, NO_HANDSHAKE, PORT_REUSE, RETRANSMITTED, ZERO_WINDOW, RST_OUT_OF_WINDOW
}
