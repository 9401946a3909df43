package io.tcpwhy.kernel;

/**
 * The tracepoints tcpwhy reads, with their tracefs system and name (include/trace/events/tcp.h
 * and sock.h in Linux).
 */
public enum KernelEventType {
    /** This host sent a RST; {@code reason=} since Linux 6.10 (include/net/rstreason.h). */
    SEND_RESET("tcp", "tcp_send_reset", false),
    /** A socket of this host received a RST. */
    RECEIVE_RESET("tcp", "tcp_receive_reset", true),
    /** A segment was retransmitted. */
    RETRANSMIT("tcp", "tcp_retransmit_skb", true),
    /** A full socket was freed. */
    DESTROY_SOCKET("tcp", "tcp_destroy_sock", true),
    /** A socket moved from one TCP state to another. */
    SET_STATE("sock", "inet_sock_set_state", true),
    /** An errno was handed to a socket (sk_err), what its next call returns. */
    ERROR_REPORT("sock", "inet_sk_error_report", true);

    private final String system;
    private final String event;
    private final boolean portFields;

    KernelEventType(String system, String event, boolean portFields) {
        this.system = system;
        this.event = event;
        this.portFields = portFields;
    }

    /** The tracefs system folder: {@code tcp} or {@code sock}. */
    public String system() {
        return system;
    }

    /** The tracepoint's name as trace lines print it: {@code tcp_send_reset}. */
    public String wire() {
        return event;
    }

    /**
     * Whether the event has {@code sport}/{@code dport} fields an event filter can test;
     * tcp_send_reset holds its addresses as sockaddr arrays only, so tcpwhy filters it itself.
     */
    boolean hasPortFields() {
        return portFields;
    }

    /** The type whose tracepoint name is {@code wire}, or null for another tracepoint. */
    static KernelEventType fromWire(String wire) {
        for (KernelEventType t : values()) {
            if (t.event.equals(wire)) {
                return t;
            }
        }
        return null;
    }
}
