package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.net.Endpoint;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@link EndpointText} writes an endpoint as a JSON string (the text itself: DecimalTest). */
class EndpointTextTest {

    @Test
    void asJsonTheEndpointIsAQuotedString() throws Exception {
        StringWriter out = new StringWriter();
        JsonBytes g = new JsonBytes(false, out);
        EndpointText text = new EndpointText();
        g.startArray();
        text.write(g, Endpoint.parse("10.0.0.1:40000"));
        text.write(g, Endpoint.parse("[::1]:80"));
        text.write(g, Endpoint.parse("1.2.3.4:5"));
        g.endArray();
        g.flush();
        assertEquals("[\"10.0.0.1:40000\",\"[::1]:80\",\"1.2.3.4:5\"]", out.toString());
    }
}
