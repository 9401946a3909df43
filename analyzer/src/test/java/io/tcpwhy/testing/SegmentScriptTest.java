package io.tcpwhy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tcpwhy.decode.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentScriptTest {

    @Test
    void handshakeDataAndFinAdvanceSequenceAndAcknowledgment() {
        List<TcpSegment> s = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("S").server("SA").client("A").client("PA", 100).server("FA").segments();
        assertEquals(1000, s.get(0).seq());
        assertEquals(0, s.get(0).ack(), "a SYN without ACK carries no acknowledgment");
        assertEquals(5000, s.get(1).seq());
        assertEquals(1001, s.get(1).ack());
        assertEquals(1001, s.get(2).seq());
        assertEquals(5001, s.get(2).ack());
        assertEquals(1001, s.get(3).seq());
        assertEquals(100, s.get(3).payloadLength());
        assertEquals(1101, s.get(4).ack(), "the server acknowledges the 100 bytes");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), s.stream().map(TcpSegment::frame).toList());
    }

    @Test
    void sequenceNumbersWrapAt32Bits() {
        List<TcpSegment> s = SegmentScript.between("10.0.0.1:1", "10.0.0.2:2", 0xFFFF_FFFFL, 7)
                .client("S").server("SA").segments();
        assertEquals(0, s.get(1).ack());
    }

    @Test
    void unknownFlagLetterIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SegmentScript.between("10.0.0.1:1", "10.0.0.2:2").client("X"));
    }
}
