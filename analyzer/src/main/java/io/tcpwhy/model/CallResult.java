package io.tcpwhy.model;

/** What a socket call returned; the contract's outcome results. */
public enum CallResult {
    OK, EOF, ECONNRESET, EPIPE, ECONNREFUSED, ETIMEDOUT;

    public static CallResult fromWire(String wire) {
        try {
            return valueOf(wire);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown result '" + wire
                    + "' (expected OK, EOF, ECONNRESET, EPIPE, ECONNREFUSED or ETIMEDOUT)", e);
        }
    }
}
