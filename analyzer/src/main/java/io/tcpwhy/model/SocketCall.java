package io.tcpwhy.model;

/** The socket calls whose results tcpwhy predicts. */
public enum SocketCall {
    CONNECT("connect"), READ("read"), WRITE("write");

    private final String wire;

    SocketCall(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SocketCall fromWire(String wire) {
        for (SocketCall c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown call '" + wire + "' (expected connect, read or write)");
    }
}
