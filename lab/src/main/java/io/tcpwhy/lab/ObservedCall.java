package io.tcpwhy.lab;

import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import java.net.SocketTimeoutException;

/**
 * One socket call a scenario made and what it returned.
 *
 * @param detail the exception as Java printed it ({@code java.net.SocketException: Connection reset})
 *               or the return value ({@code read() returned 5})
 */
public record ObservedCall(Side side, SocketCall call, ObservedResult result, String detail) {

    public ObservedCall {
        if (side == null || call == null || result == null || detail == null) {
            throw new IllegalArgumentException("observed call needs side, call, result and detail");
        }
    }

    /**
     * Whether this call ran out of a deadline the program set itself (Java's
     * SocketTimeoutException: SO_TIMEOUT or a connect timeout), rather than failing with the
     * kernel's ETIMEDOUT (retransmissions or keep-alive probes never acknowledged, "Connection
     * timed out"). A read deadline leaves nothing on the wire; the kernel's timeout does.
     */
    public boolean deadlinePassed() {
        return result == ObservedResult.ETIMEDOUT && detail.startsWith(SocketTimeoutException.class.getName());
    }

    /** "server write EPIPE": how tests and the CLI list calls. */
    public String brief() {
        return side.wire() + " " + call.wire() + " " + result;
    }
}
