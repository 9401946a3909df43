package io.tcpwhy.report;

import io.tcpwhy.model.Decimal;
import io.tcpwhy.net.Endpoint;

/** An endpoint as a JSON string value, formatted into a buffer this object keeps ({@link Decimal#writeEndpoint}). One per writer. */
final class EndpointText {

    private final byte[] text = new byte[Decimal.MAX_ENDPOINT_LENGTH];

    void write(JsonBytes g, Endpoint e) {
        g.ascii(text, Decimal.writeEndpoint(text, 0, e));
    }
}
