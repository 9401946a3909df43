package io.tcpwhy.report;

import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;

/**
 * {@link Endpoint#toString} written into a buffer this object keeps: an IPv4 endpoint
 * ({@code 10.0.0.1:40000}) digit by digit, with no String and no concatenation; an IPv6
 * one through {@code toString}, whose RFC 5952 compression is not worth a second copy.
 * One per writer.
 */
final class EndpointText {

    /** "255.255.255.255:65535". */
    private static final int MAX_V4_LENGTH = 21;
    private static final int OCTET_MASK = 0xFF;
    private static final int BITS_PER_OCTET = 8;
    private static final int OCTETS = 4;

    /** ASCII: written into JSON as it is, appended to text char by char. */
    private final byte[] text = new byte[MAX_V4_LENGTH];

    /** The endpoint as a JSON string value. */
    void write(JsonBytes g, Endpoint e) {
        IpAddress a = e.address();
        if (a.v6()) {
            g.string(e.toString());
            return;
        }
        g.ascii(text, format(a, e.port()));
    }

    /** The endpoint appended to {@code sb}; returns how many chars it took. */
    int append(StringBuilder sb, Endpoint e) {
        IpAddress a = e.address();
        if (a.v6()) {
            String s = e.toString();
            sb.append(s);
            return s.length();
        }
        int length = format(a, e.port());
        for (int i = 0; i < length; i++) {
            sb.append((char) text[i]);
        }
        return length;
    }

    private int format(IpAddress a, int port) {
        long address = a.low();
        int p = 0;
        for (int shift = (OCTETS - 1) * BITS_PER_OCTET; shift >= 0; shift -= BITS_PER_OCTET) {
            p = decimal(text, p, (int) (address >>> shift) & OCTET_MASK);
            text[p++] = (byte) (shift == 0 ? ':' : '.');
        }
        return decimal(text, p, port);
    }

    /** Writes a value of 0-65535 in decimal at {@code at}; returns the index after it. */
    private static int decimal(byte[] into, int at, int value) {
        int digits = value >= 10_000 ? 5 : value >= 1_000 ? 4 : value >= 100 ? 3 : value >= 10 ? 2 : 1;
        int v = value;
        for (int i = at + digits - 1; i >= at; i--) {
            into[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }
}
