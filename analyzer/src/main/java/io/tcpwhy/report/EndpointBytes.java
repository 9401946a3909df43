package io.tcpwhy.report;

import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.nio.charset.Charset;

/**
 * {@link Endpoint#toString} as text bytes, kept until another endpoint comes: a connection's
 * line and story name each of its endpoints three times, and one server's connections often
 * follow one another. An IPv4 endpoint ({@code 10.0.0.1:40000}) is written digit by digit,
 * with no String; an IPv6 one through {@code toString}, whose RFC 5952 compression is not
 * worth a second copy. One per endpoint column of a writer.
 */
final class EndpointBytes {

    /** "255.255.255.255:65535"; IPv6 grows the buffer once. */
    private static final int MAX_V4_LENGTH = 21;
    private static final int OCTETS = 4;
    private static final int OCTET_MASK = 0xFF;

    private final TextBytes text;
    /** The endpoint {@link #text} holds; none at first. */
    private Endpoint written;

    EndpointBytes(Charset charset) {
        this.text = new TextBytes(charset, MAX_V4_LENGTH);
    }

    /** {@code e} as text, valid until the next call. */
    TextBytes of(Endpoint e) {
        if (e.equals(written)) {
            return text;
        }
        text.reset();
        IpAddress a = e.address();
        if (a.v6()) {
            text.append(e.toString());
        } else {
            long address = a.low();
            for (int shift = (OCTETS - 1) * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
                text.decimal((address >>> shift) & OCTET_MASK).ascii(shift == 0 ? ':' : '.');
            }
            text.decimal(e.port());
        }
        written = e;
        return text;
    }
}
