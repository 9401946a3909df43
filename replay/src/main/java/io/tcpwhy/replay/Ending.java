package io.tcpwhy.replay;

/** How the played side ends its socket, by its name in the script file. */
public enum Ending {
    /** close(): FIN. */
    CLOSE("close"),
    /** SO_LINGER 0, then close(): RST, whatever is queued is dropped. */
    LINGER_ZERO("linger0"),
    /** close() with the peer's bytes unread: the kernel sends RST instead of FIN (RFC 2525 §2.17). */
    CLOSE_UNREAD("close_unread"),
    /** shutdownOutput() then close() with the peer's bytes unread: FIN, then RST (java.net.Socket's close). */
    SHUTDOWN_THEN_CLOSE_UNREAD("shutdown_close_unread"),
    /** The peer reset the connection first: close() sends nothing more. */
    AFTER_PEER_RESET("after_peer_reset"),
    /**
     * The side's kernel gave up on keep-alive probes nobody answered and reset the connection
     * (Linux sends RST as it gives up): the replay reads, with the recorded keep-alive on, until
     * its kernel reports ETIMEDOUT, then close() sends nothing more.
     */
    KEEPALIVE_GAVE_UP("keepalive_gave_up"),
    /**
     * connect() gave up at its deadline before the SYN-ACK came and closed the socket: the late
     * SYN-ACK finds no socket and the client's host answers it with RST.
     */
    CONNECT_GAVE_UP("connect_gave_up"),
    /** Never closed while recorded: stays open for {@code holdNanos}, closed only after the capture stopped. */
    STAY_OPEN("stay_open");

    private final String wire;

    Ending(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static Ending fromWire(String wire) throws ReplayException {
        for (Ending e : values()) {
            if (e.wire.equals(wire)) {
                return e;
            }
        }
        throw new ReplayException("unknown ending '" + wire
                + "' (expected close, linger0, close_unread, shutdown_close_unread, after_peer_reset, keepalive_gave_up,"
                + " connect_gave_up or stay_open)");
    }

    String describe() {
        return switch (this) {
            case CLOSE -> "close (FIN)";
            case LINGER_ZERO -> "SO_LINGER 0 and close (RST)";
            case CLOSE_UNREAD -> "close with the peer's bytes unread (RST)";
            case SHUTDOWN_THEN_CLOSE_UNREAD -> "shutdownOutput, then close with the peer's bytes unread (FIN, RST)";
            case AFTER_PEER_RESET -> "the peer resets first; close sends nothing";
            case KEEPALIVE_GAVE_UP -> "read until the kernel gives up on its unanswered keep-alive probes (RST),"
                    + " then close";
            case CONNECT_GAVE_UP -> "connect gives up at its deadline and closes the socket (the late SYN-ACK draws"
                    + " its host's RST)";
            case STAY_OPEN -> "stays open";
        };
    }
}
