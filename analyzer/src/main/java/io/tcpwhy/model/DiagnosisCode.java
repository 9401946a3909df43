package io.tcpwhy.model;

/** How a connection ended; the contract's diagnosis codes. */
public enum DiagnosisCode {
    ORDERLY, HALF_CLOSE, CLOSE_WAIT, RST_UNREAD_DATA, RST_AFTER_CLOSE, RST_ABORT, REFUSED,
    SYN_UNANSWERED, HANDSHAKE_INCOMPLETE, OPEN, UNKNOWN;

    /** Whether the connection did not end in an orderly way: a "problem" for {@code --problems}. */
    public boolean isProblem() {
        return this != ORDERLY && this != HALF_CLOSE && this != OPEN;
    }
}
