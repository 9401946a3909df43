package io.tcpwhy.model;

import java.util.List;

/** The two roles in a connection. The client sent the first SYN. */
public enum Side {
    CLIENT("client"),
    SERVER("server");

    /** Both sides, client first: {@code values()} copies its array at every call, and the rules ask per connection. */
    public static final List<Side> BOTH = List.of(values());

    private final String wire;

    Side(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public Side opposite() {
        return this == CLIENT ? SERVER : CLIENT;
    }

    public static Side fromWire(String wire) {
        for (Side s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown side '" + wire + "' (expected client or server)");
    }
}
