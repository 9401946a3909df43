package io.tcpwhy.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.model.Timestamps;
import io.tcpwhy.net.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prose buffer writes what string concatenation wrote, character for character. */
class TextTest {

    @Test
    void numbersAreWrittenAsLongToStringWritesThem() {
        long[] values = {0, 1, 9, 10, 99, 100, 12_345, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 999_999_999_999L,
            999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, -1, -10, Integer.MIN_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            assertEquals(Long.toString(v), Text.begin().num(v).done(), "for " + v);
        }
    }

    @Test
    void secondsAreWrittenAsTimestampsWritesThem() {
        long[] nanos = {0, 1, 499_999, 500_000, 1_000_000, 999_500_000, 1_000_000_000, 1_250_000_000, 61_004_999_999L,
            123_456_789_012L, -1_500_000, -2_000_000_000L};
        for (long n : nanos) {
            assertEquals(Timestamps.secondsMillis(n) + " s", Text.begin().seconds(n).done(), "for " + n + " ns");
        }
    }

    @Test
    void endpointsAreWrittenAsTheirToString() {
        for (String e : List.of("192.0.2.1:80", "10.0.0.0:1026", "255.255.255.255:65535", "0.0.0.0:0", "[::1]:8080",
                "[2001:db8::2]:443")) {
            Endpoint endpoint = Endpoint.parse(e);
            assertEquals(endpoint.toString(), Text.begin().endpoint(endpoint).done());
        }
    }

    @Test
    void phrasesReadAsTheRulesWroteThem() {
        String s = Text.begin().capital(Side.CLIENT).add(" sent ").bytes(1).add(", ").the(Side.SERVER).add(" sent ")
                .bytes(12).add(" in ").state(TcpState.CLOSE_WAIT).add(": ").frame(7).add('.').done();
        assertEquals("The client sent 1 byte, the server sent 12 bytes in CLOSE_WAIT: frame 7.", s);
    }

    @Test
    void evidenceIsTheFramesTheDetailCitesAscendingOnce() {
        Text t = Text.begin();
        String summary = t.add("summary (frame 5)").take();
        // 40 written through frame(); 12 and 300 only as text; 123 appears only inside "frame 1234"; 5 only in the summary.
        t.add("  ").frame(40).add(": data; frame 12, then frame 300; frame 1234 later ");
        Diagnosis.Wording w = t.wording(summary, 300, 40, 123, 5, 12);
        assertEquals(List.of(12L, 40L, 300L), w.frames());
        assertEquals("frame 40: data; frame 12, then frame 300; frame 1234 later", w.detail(), "stripped as String.strip");
        assertEquals("summary (frame 5)", w.summary());
    }

    @Test
    void evidenceNamedTwiceOrNoneIsCitedOnceOrNot() {
        Text t = Text.begin();
        String summary = t.take();
        t.frame(3).add(" and ").frame(3);
        Diagnosis.Wording w = t.wording(summary, 3, EndpointTrack.NONE, 3);
        assertEquals(List.of(3L), w.frames());
    }

    @Test
    void aTextBegunInsideAnotherGetsItsOwnBuffer() {
        Text outer = Text.begin().add("outer ");
        Text inner = Text.begin();
        assertNotSame(outer, inner);
        assertEquals("inner", inner.add("inner").done());
        assertEquals("outer text", outer.add("text").done());
        Text again = Text.begin();
        assertTrue(again.done().isEmpty(), "a buffer given back starts empty");
    }

    @Test
    void aCharacterAboveLatin1IsRefusedWhileTesting() {
        Text t = Text.begin();
        try {
            assertThrows(AssertionError.class, () -> t.add("an em dash \u2014 here"));
            assertThrows(AssertionError.class, () -> t.add('\u2014'));
            assertFalse(t.add("§ 2.17").done().isEmpty(), "the section sign is Latin-1");
        } finally {
            t.done();
        }
    }
}
