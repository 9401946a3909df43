package io.tcpwhy.lab;

import io.tcpwhy.model.CallResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Optional;

/**
 * What a socket call in a scenario returned: the contract's outcome results plus
 * {@link #EBADF}, the lab's extension for a call on a socket the program had already closed
 * itself (nothing reaches the wire, so no capture can predict it).
 */
public enum ObservedResult {
    OK, EOF, ECONNRESET, EPIPE, ECONNREFUSED, ETIMEDOUT,
    /** The call was made on a socket already closed locally: Java's "Socket is closed". */
    EBADF;

    /** The contract's result, or empty for {@link #EBADF}. */
    public Optional<CallResult> contractResult() {
        return this == EBADF ? Optional.empty() : Optional.of(CallResult.valueOf(name()));
    }

    public static ObservedResult fromWire(String wire) {
        for (ObservedResult r : values()) {
            if (r.name().equals(wire)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown observed result '" + wire
                + "' (expected OK, EOF, ECONNRESET, EPIPE, ECONNREFUSED, ETIMEDOUT or EBADF)");
    }

    /**
     * Names the errno behind a failed java.net call. Java hides the errno; its messages are
     * fixed strings from the JDK's native socket code (NioSocketImpl, Net.c), so they are matched
     * exactly and anything else is refused rather than guessed.
     *
     * @throws ScenarioException for an exception this table does not know
     */
    static ObservedResult of(IOException e) throws ScenarioException {
        if (e instanceof SocketTimeoutException) {
            // "Connect timed out" and "Read timed out": Java's own deadline, not the kernel's ETIMEDOUT,
            // but the same result for the caller.
            return ETIMEDOUT;
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof ConnectException && m.startsWith("Connection refused")) {
            return ECONNREFUSED;
        }
        if (e instanceof SocketException) {
            switch (m) {
                case "Connection reset", "Connection reset by peer":
                    return ECONNRESET;
                case "Broken pipe", "Broken pipe (Write failed)":
                    return EPIPE;
                case "Connection timed out", "Connection timed out (Read failed)", "Connection timed out (Write failed)":
                    // The kernel's ETIMEDOUT: retransmissions or keep-alive probes unanswered.
                    return ETIMEDOUT;
                case "Socket is closed", "Socket closed":
                    return EBADF;
                default:
                    break;
            }
        }
        throw new ScenarioException("a socket call failed in a way the lab cannot name: " + e
                + " (expected reset, broken pipe, refused, timed out or socket closed)", e);
    }
}
