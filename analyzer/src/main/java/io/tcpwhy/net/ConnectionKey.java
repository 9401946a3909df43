package io.tcpwhy.net;

/**
 * The unordered pair of endpoints that names a connection: {@code A-B} and {@code B-A}
 * are the same key. Used for lookups and for the {@code --conn A-B} filter.
 */
public record ConnectionKey(Endpoint low, Endpoint high) {

    public ConnectionKey {
        if (low.compareTo(high) > 0) {
            Endpoint t = low;
            low = high;
            high = t;
        }
    }

    public static ConnectionKey of(Endpoint a, Endpoint b) {
        return new ConnectionKey(a, b);
    }

    /** Parses {@code A-B}, each side {@code IP:PORT} or {@code [IPv6]:PORT}; IP literals hold no dash. */
    public static ConnectionKey parse(String text) {
        String s = text.strip();
        int split = s.indexOf('-');
        if (split <= 0 || s.indexOf('-', split + 1) >= 0) {
            throw new IllegalArgumentException("not a connection: '" + text + "' (expected A-B, e.g. 10.0.0.1:5000-10.0.0.2:80)");
        }
        return of(Endpoint.parse(s.substring(0, split)), Endpoint.parse(s.substring(split + 1)));
    }

    @Override
    public int hashCode() {
        return Hashing.mix(low.hashCode(), high.hashCode());
    }

    /** Written out for the tracker's lookups, as {@link IpAddress#equals} is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionKey k && k.low.equals(low) && k.high.equals(high);
    }

    public boolean contains(Endpoint e) {
        return low.equals(e) || high.equals(e);
    }

    @Override
    public String toString() {
        return low + "-" + high;
    }
}
