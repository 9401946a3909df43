package io.tcpwhy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.model.ZeekSummary;
import io.tcpwhy.testing.SegmentScript;
import org.junit.jupiter.api.Test;

/** Every Zeek conn_state, each from the smallest exchange that produces it. */
class ConnStateTest {

    private static final String CLIENT = "10.0.0.1:40000";
    private static final String SERVER = "10.0.0.2:5000";

    private static SegmentScript script() {
        return SegmentScript.between(CLIENT, SERVER);
    }

    private static void assertZeek(String connState, String history, SegmentScript s) {
        assertEquals(new ZeekSummary(connState, history), Tracking.run(s.segments()).only().zeek());
    }

    @Test
    void unansweredSynIsS0() {
        assertZeek("S0", "S", script().client("S"));
    }

    @Test
    void handshakeWithoutCloseIsS1() {
        assertZeek("S1", "ShA", script().client("S").server("SA").client("A"));
    }

    @Test
    void finsBothWaysIsSF() {
        assertZeek("SF", "ShADaFf", script().client("S").server("SA").client("A")
                .client("PA", 100).server("A").client("FA").server("FA").client("A"));
    }

    @Test
    void rstAnsweringSynIsREJ() {
        assertZeek("REJ", "Sr", script().client("S").server("RA"));
    }

    @Test
    void finFromOriginatorOnlyIsS2() {
        assertZeek("S2", "ShAF", script().client("S").server("SA").client("A").client("FA"));
    }

    @Test
    void finFromResponderOnlyIsS3() {
        assertZeek("S3", "ShAf", script().client("S").server("SA").client("A").server("FA"));
    }

    @Test
    void rstFromOriginatorAfterHandshakeIsRSTO() {
        assertZeek("RSTO", "ShAR", script().client("S").server("SA").client("A").client("RA"));
    }

    @Test
    void rstFromResponderAfterHandshakeIsRSTR() {
        assertZeek("RSTR", "ShAr", script().client("S").server("SA").client("A").server("RA"));
    }

    @Test
    void synThenRstFromOriginatorIsRSTOS0() {
        assertZeek("RSTOS0", "SR", script().client("S").client("R"));
    }

    @Test
    void synAckThenRstFromResponderIsRSTRH() {
        // The SYN-ACK comes from a likely server port, so Zeek makes its sender the responder.
        assertZeek("RSTRH", "^hr", SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80").server("SA").server("R"));
    }

    @Test
    void synThenFinWithoutAnswerIsSH() {
        assertZeek("SH", "SF", script().client("S").client("F"));
    }

    @Test
    void synAckThenFinFromResponderIsSHR() {
        assertZeek("SHR", "^hf", SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80").server("SA").server("FA"));
    }

    @Test
    void midstreamDataIsOTH() {
        assertZeek("OTH", "Dd", script().client("PA", 10).server("PA", 20));
    }
}
