package io.tcpwhy.model;

/** An endpoint's TCP state, RFC 9293 §3.3.2 names as the contract writes them. */
public enum TcpState {
    SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING,
    LAST_ACK, TIME_WAIT, CLOSED, UNKNOWN;

    public String wire() {
        return name();
    }
}
