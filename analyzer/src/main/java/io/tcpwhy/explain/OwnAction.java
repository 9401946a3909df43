package io.tcpwhy.explain;

/**
 * Errors that come from the logging side's own actions or its own host and leave no
 * segment on the wire: the capture can only show what surrounds them.
 */
public enum OwnAction {
    /** A call on a socket the program had closed itself (Go net.ErrClosed, EBADF, Java "Socket closed"). */
    CLOSED_BY_SELF("closed_by_self"),
    /** The program gave up on its own request and closed or destroyed the socket (Node "socket hang up" after a timeout). */
    ABORTED_BY_SELF("aborted_by_self"),
    /** ENOTCONN: shutdown or a call on a socket that is not (or no longer) connected. */
    NOT_CONNECTED("not_connected"),
    /** EADDRNOTAVAIL on connect: no free local port towards that server (ports held in TIME_WAIT). */
    PORT_EXHAUSTION("port_exhaustion"),
    /** ENETUNREACH / EHOSTUNREACH: no route; connect failed before or without a SYN-ACK. */
    NETWORK_UNREACHABLE("network_unreachable"),
    /** ENETDOWN: the interface was down. */
    NETWORK_DOWN("network_down");

    private final String wire;

    OwnAction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
