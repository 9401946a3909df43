package io.tcpwhy.tcp;

/**
 * Zeek's view of one endpoint ({@code TCP_ENDPOINT_*} in Zeek's TCP analyzer), which is
 * what its {@code conn_state} is computed from. It is coarser than RFC 9293's states and
 * adds {@link #PARTIAL} for an endpoint first seen mid-stream; the per-endpoint RFC
 * states are the diagnosis package's business.
 */
enum EndpointState {
    INACTIVE,
    SYN_SENT,
    SYN_ACK_SENT,
    PARTIAL,
    ESTABLISHED,
    CLOSED,
    RESET;

    /** Still in the opening exchange: Zeek arms the long inactivity timeout when both leave it. */
    boolean handshake() {
        return this == INACTIVE || this == SYN_SENT || this == SYN_ACK_SENT;
    }
}
