package io.tcpwhy.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address held in two longs, so that decoding a packet does not
 * allocate byte arrays and equality and hashing are cheap. IPv4 addresses live in the
 * low 32 bits of {@code low} with {@code high} zero.
 */
public record IpAddress(long high, long low, boolean v6) implements Comparable<IpAddress> {

    public IpAddress {
        if (!v6 && (high != 0 || (low >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address must fit in 32 bits, got high=" + high + " low=" + low);
        }
    }

    /**
     * Addresses made recently, by value, so that decoding a segment usually makes none: a
     * capture names a few addresses in millions of segments, and two addresses per segment
     * were a tenth of the bytes the analysis allocated. The few addresses stay in the CPU's
     * cache; a like cache of endpoints (many more) missed it and cost more than it saved.
     * Racy on purpose: a record's fields are final, so any thread reads an entry whole, and a
     * lost update costs one more object.
     */
    private static final int CACHE_BITS = 12;
    private static final IpAddress[] V4_CACHE = new IpAddress[1 << CACHE_BITS];
    private static final IpAddress[] V6_CACHE = new IpAddress[1 << CACHE_BITS];

    public static IpAddress v4(int address) {
        long low = address & 0xFFFF_FFFFL;
        int slot = cacheSlot(0, low);
        IpAddress cached = V4_CACHE[slot];
        if (cached != null && cached.low == low) {
            return cached;
        }
        IpAddress made = new IpAddress(0, low, false);
        V4_CACHE[slot] = made;
        return made;
    }

    public static IpAddress v6(long high, long low) {
        int slot = cacheSlot(high, low);
        IpAddress cached = V6_CACHE[slot];
        if (cached != null && cached.low == low && cached.high == high) {
            return cached;
        }
        IpAddress made = new IpAddress(high, low, true);
        V6_CACHE[slot] = made;
        return made;
    }

    /** The top bits of a multiplicative hash (Fibonacci hashing): nearby addresses land far apart. */
    private static int cacheSlot(long high, long low) {
        return (int) (((high * 31 + low) * 0x9E37_79B9_7F4A_7C15L) >>> (Long.SIZE - CACHE_BITS));
    }

    /** From 4 or 16 network-order bytes. */
    public static IpAddress of(byte[] bytes) {
        if (bytes.length == 4) {
            return v4(((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF));
        }
        if (bytes.length == 16) {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (bytes[i] & 0xFF);
                lo = (lo << 8) | (bytes[i + 8] & 0xFF);
            }
            return v6(hi, lo);
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, got " + bytes.length);
    }

    /**
     * Parses a literal address ({@code 10.0.0.1}, {@code ::1}, {@code [::1]}). Never
     * resolves a host name.
     */
    public static IpAddress parse(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean looksV4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean looksV6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
        if (!looksV4 && !looksV6) {
            throw new IllegalArgumentException("not an IP address: '" + text + "' (expected e.g. 10.0.0.1 or ::1)");
        }
        try {
            return of(InetAddress.getByName(s).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "' (expected e.g. 10.0.0.1 or ::1)", e);
        }
    }

    /**
     * Mixed, not the record's linear default: nearby addresses and ports in a capture
     * must not collide in the tracker's connection table.
     */
    @Override
    public int hashCode() {
        return Hashing.mix(high * 31 + (v6 ? 1 : 0), low);
    }

    /**
     * Written out rather than the record's generated one, which goes through a method-handle
     * chain the JIT does not always flatten: every segment's table lookup compares addresses,
     * and that chain was a tenth of the tracker's time (issue 12).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.low == low && a.high == high && a.v6 == v6;
    }

    public byte[] toBytes() {
        if (!v6) {
            return new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[i + 8] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    /** Dotted quad, or the RFC 5952 canonical IPv6 text (lower case, longest zero run as ::). */
    @Override
    public String toString() {
        if (!v6) {
            return (low >>> 24) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." + (low & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) ((high >>> (48 - 16 * i)) & 0xFFFF);
            groups[i + 4] = (int) ((low >>> (48 - 16 * i)) & 0xFFFF);
        }
        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    @Override
    public int compareTo(IpAddress o) {
        if (v6 != o.v6) {
            return v6 ? 1 : -1;
        }
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }
}
