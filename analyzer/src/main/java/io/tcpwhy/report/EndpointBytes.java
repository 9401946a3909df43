package io.tcpwhy.report;

import io.tcpwhy.model.Decimal;
import io.tcpwhy.net.Endpoint;
import java.nio.charset.Charset;

/**
 * {@link Endpoint#toString} as text bytes, kept until another endpoint comes: a connection's
 * line and story name each of its endpoints three times, and one server's connections often
 * follow one another. Formatted by {@link Decimal#writeEndpoint}: ASCII, the same bytes in
 * every charset {@link TextBytes} takes. One per endpoint column of a writer.
 */
final class EndpointBytes {

    private final TextBytes text;
    private final byte[] ascii = new byte[Decimal.MAX_ENDPOINT_LENGTH];
    /** The endpoint {@link #text} holds; none at first. */
    private Endpoint written;

    EndpointBytes(Charset charset) {
        this.text = new TextBytes(charset, Decimal.MAX_ENDPOINT_LENGTH);
    }

    /** {@code e} as text, valid until the next call. */
    TextBytes of(Endpoint e) {
        if (e.equals(written)) {
            return text;
        }
        text.reset();
        text.append(ascii, Decimal.writeEndpoint(ascii, 0, e));
        written = e;
        return text;
    }
}
