package io.tcpwhy.net;

/** One end of a TCP connection, written {@code IP:PORT} or {@code [IPv6]:PORT}. */
public record Endpoint(IpAddress address, int port) implements Comparable<Endpoint> {

    static final int MAX_PORT = 0xFFFF;

    public Endpoint {
        if (address == null) {
            throw new IllegalArgumentException("endpoint needs an address");
        }
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port " + port + " out of range (expected 0-65535)");
        }
    }

    /** Parses {@code 10.0.0.1:80} or {@code [::1]:80}. */
    public static Endpoint parse(String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("not an endpoint: '" + text + "' (expected IP:PORT, IPv6 as [ADDR]:PORT)");
        }
        String host = s.substring(0, colon);
        if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
            throw new IllegalArgumentException("not an endpoint: '" + text + "' (expected IPv6 as [ADDR]:PORT)");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an endpoint: '" + text + "' (port is not a number)", e);
        }
        return new Endpoint(IpAddress.parse(host), port);
    }

    @Override
    public int hashCode() {
        return Hashing.mix(address.hashCode(), port);
    }

    /** Written out for the tracker's lookups, as {@link IpAddress#equals} is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.port == port && e.address.equals(address);
    }

    @Override
    public String toString() {
        return address.v6() ? "[" + address + "]:" + port : address + ":" + port;
    }

    @Override
    public int compareTo(Endpoint o) {
        int c = address.compareTo(o.address);
        return c != 0 ? c : Integer.compare(port, o.port);
    }
}
