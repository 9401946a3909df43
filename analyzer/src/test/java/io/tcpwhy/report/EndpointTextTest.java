package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.io.StringWriter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link EndpointText} writes what {@link Endpoint#toString} says, without the String. */
class EndpointTextTest {

    private static String appended(EndpointText text, Endpoint e) {
        StringBuilder sb = new StringBuilder("x");
        int length = text.append(sb, e);
        assertEquals(sb.length() - 1, length, "returned length for " + e);
        return sb.substring(1);
    }

    @Test
    void ipv4EndpointsReadAsToStringAtEveryWidth() {
        EndpointText text = new EndpointText();
        for (String s : new String[] {"0.0.0.0:0", "255.255.255.255:65535", "10.0.0.1:40000", "1.22.133.9:80",
            "100.10.1.0:9", "192.168.0.1:10000", "8.8.8.8:999", "127.0.0.1:1000"}) {
            assertEquals(s, appended(text, Endpoint.parse(s)));
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            Endpoint e = new Endpoint(IpAddress.v4(random.nextInt()), random.nextInt(0x10000));
            assertEquals(e.toString(), appended(text, e));
        }
    }

    @Test
    void ipv6EndpointsReadAsToString() {
        EndpointText text = new EndpointText();
        for (String s : new String[] {"[::1]:80", "[2001:db8::1]:443", "[fe80::1:2:3:4]:65535"}) {
            Endpoint e = Endpoint.parse(s);
            assertEquals(e.toString(), appended(text, e));
        }
    }

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
