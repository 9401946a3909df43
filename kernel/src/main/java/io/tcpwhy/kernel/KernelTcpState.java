package io.tcpwhy.kernel;

import io.tcpwhy.model.TcpState;

/**
 * A socket state as the kernel names it (include/net/tcp_states.h), and the contract's
 * {@link TcpState} it is on the wire. LISTEN and NEW_SYN_RECV have none: they are states of a
 * listener and of a request mini-socket, not of a connection's endpoint.
 */
public enum KernelTcpState {
    TCP_ESTABLISHED(TcpState.ESTABLISHED), TCP_SYN_SENT(TcpState.SYN_SENT), TCP_SYN_RECV(TcpState.SYN_RECEIVED),
    TCP_FIN_WAIT1(TcpState.FIN_WAIT_1), TCP_FIN_WAIT2(TcpState.FIN_WAIT_2), TCP_TIME_WAIT(TcpState.TIME_WAIT),
    TCP_CLOSE(TcpState.CLOSED), TCP_CLOSE_WAIT(TcpState.CLOSE_WAIT), TCP_LAST_ACK(TcpState.LAST_ACK),
    TCP_LISTEN(null), TCP_CLOSING(TcpState.CLOSING), TCP_NEW_SYN_RECV(null),
    /** tcp_send_reset without a socket (a RST for a segment no socket owns) prints UNKNOWN. */
    UNKNOWN(null);

    private final TcpState wireState;

    KernelTcpState(TcpState wireState) {
        this.wireState = wireState;
    }

    /** The contract's state, or null for LISTEN, NEW_SYN_RECV and UNKNOWN. */
    public TcpState tcpState() {
        return wireState;
    }

    static KernelTcpState parse(String text) {
        try {
            return valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown socket state '" + text
                    + "' (expected a name of include/net/tcp_states.h such as TCP_ESTABLISHED)", e);
        }
    }
}
