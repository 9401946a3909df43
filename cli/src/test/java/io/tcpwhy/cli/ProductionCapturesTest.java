package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.testing.SegmentScript;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production captures a user brings, through the command line: each is one connection
 * with its production story, and a problem for {@code --fail-on problems}.
 */
class ProductionCapturesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static SegmentScript exchanged() {
        return SegmentScript.between("10.1.0.5:51234", "10.2.0.9:8443").client("S").server("SA").client("A")
                .client("PA", 200).server("PA", 900).client("A");
    }

    private JsonNode analyze(String name, SegmentScript script) throws Exception {
        Path pcap = SegmentPcap.write(dir.resolve(name + ".pcap"), script.segments());
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", pcap.toString(), "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode connections = MAPPER.readTree(r.out()).get("connections");
        assertEquals(1, connections.size(), "one connection per socket pair's life:\n" + r.out());
        AnalyzeCommandTest.Run failOn = AnalyzeCommandTest.run("analyze", pcap.toString(), "--fail-on", "problems");
        assertEquals(1, failOn.status(), "a production cause is a problem for --fail-on problems: " + failOn.err());
        return connections.get(0);
    }

    private static boolean hasAnnotation(JsonNode c, String code) {
        for (JsonNode a : c.get("annotations")) {
            if (a.get("code").textValue().equals(code)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void idleFourHundredSecondsThenResetByAMiddleboxIsOneForgottenConnection() throws Exception {
        SegmentScript s = exchanged();
        s.at(400).client("PA", 200).ttl(52).server("R");
        JsonNode c = analyze("idle_reset", s);
        assertEquals("IDLE_FORGOTTEN", c.get("diagnosis").get("code").textValue());
        assertFalse(c.get("roles_inferred").booleanValue());
        assertFalse(hasAnnotation(c, "PORT_REUSE"));
        assertTrue(hasAnnotation(c, "RST_FROM_MIDDLEBOX"));
        assertEquals(2, c.get("zeek_records").size(), "Zeek cuts its records at the inactivity timeout");
        assertEquals(7, c.get("zeek_records").get(1).get("first_frame").intValue());
    }

    @Test
    void poolReusingAConnectionThirtySecondsAfterTheServersKeepAliveCloseIsAStalePool() throws Exception {
        SegmentScript s = exchanged();
        s.at(60).server("FA").client("A");
        s.at(90).client("PA", 200).server("R");
        JsonNode c = analyze("keepalive_race", s);
        assertEquals("STALE_POOLED_CONNECTION", c.get("diagnosis").get("code").textValue());
        assertEquals("server", c.get("diagnosis").get("closed_by").textValue());
        assertTrue(c.get("diagnosis").get("summary").textValue().contains("30.000 s later"),
                c.get("diagnosis").get("summary").textValue());
    }

    @Test
    void oneConnectWhoseSynWasRetriedAtTwoSixAndFourteenSecondsIsOneConnection() throws Exception {
        SegmentScript s = SegmentScript.between("10.1.0.5:51234", "10.2.0.9:8443");
        long isn = s.clientNext();
        s.rawClient("S", isn, 0, 0);
        for (double at : new double[] {2, 6, 14}) {
            s.at(at).rawClient("S", isn, 0, 0);
        }
        JsonNode c = analyze("syn_retries", s);
        assertEquals("SYN_UNANSWERED", c.get("diagnosis").get("code").textValue());
        assertTrue(c.get("diagnosis").get("summary").textValue().contains("sent 4 times"));
        assertEquals(3, c.get("zeek_records").size(), "Zeek's attempt timer cuts three records");
    }
}
