package io.tcpwhy.model;

/**
 * How a connection ended: the contract's diagnosis codes, then the production causes
 * tcpwhy adds (docs/json.md): a pooled connection reused after the server closed it, a
 * connection forgot by the peer or a middlebox after idle, a peer that stopped answering,
 * a server that gave up on a pending request, an accept queue that overflowed.
 */
public enum DiagnosisCode {
    ORDERLY, HALF_CLOSE, CLOSE_WAIT, RST_UNREAD_DATA, RST_AFTER_CLOSE, RST_ABORT, REFUSED,
    SYN_UNANSWERED, HANDSHAKE_INCOMPLETE, OPEN, UNKNOWN,
    STALE_POOLED_CONNECTION, IDLE_FORGOTTEN, PEER_UNREACHABLE, SERVER_GAVE_UP, ACCEPT_QUEUE_OVERFLOW;

    /** Whether the connection did not end in an orderly way: a "problem" for {@code --problems}. */
    public boolean isProblem() {
        return this != ORDERLY && this != HALF_CLOSE && this != OPEN;
    }
}
