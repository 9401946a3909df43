package io.tcpwhy.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.testing.ScriptedConnections;
import io.tcpwhy.testing.SegmentScript;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentEvidenceTest {

    @Test
    void sequenceNumbersAreRelativeToEachSidesIsn() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80", 4_000_000_000L, 77)
                .client("S").server("SA").client("A").client("PA", 300).server("A"));
        SegmentEvidence data = r.segments().get(3);
        assertEquals(Side.CLIENT, data.from());
        assertEquals("P.", data.flags());
        assertEquals(1, data.relSeq());
        assertEquals(1, data.relAck());
        assertEquals(301, r.segments().get(4).relAck(), "the ACK counts past a sequence wrap-around");
        assertEquals(-1, r.segments().get(0).relAck(), "a bare SYN carries no acknowledgment");
    }

    @Test
    void longConnectionKeepsFirstAndLastSegmentsAndEveryControlSegment() {
        SegmentScript s = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80").client("S").server("SA").client("A");
        for (int i = 0; i < 100; i++) {
            s.client("PA", 10).server("A");
        }
        s.client("FA").server("A");
        for (int i = 0; i < 100; i++) {
            s.server("PA", 10).client("A");
        }
        s.server("FA").client("A");
        List<SegmentEvidence> kept = ScriptedConnections.explain(s).segments();
        assertEquals(SegmentLog.HEAD + SegmentLog.TAIL + 1, kept.size(), "head, tail and the client's FIN");
        assertEquals(1, kept.get(0).frame());
        assertTrue(kept.stream().anyMatch(e -> e.frame() == 204 && e.flags().equals("F.")), "the client's FIN");
        assertEquals(s.segments().size(), kept.get(kept.size() - 1).frame(), "the last segment");
        for (int i = 1; i < kept.size(); i++) {
            assertTrue(kept.get(i).frame() > kept.get(i - 1).frame(), "in capture order");
        }
    }

    @Test
    void captureStartingMidStreamCountsFromTheFirstByteSeen() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80", 9000, 3000)
                .client("PA", 50).server("PA", 20));
        assertEquals(1, r.segments().get(0).relSeq());
        assertEquals(51, r.segments().get(1).relAck());
        assertEquals(1, r.segments().get(0).relAck(), "numbered once the server's first segment is seen");
    }
}
