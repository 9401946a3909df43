package io.tcpwhy.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tcpwhy.model.Side;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAssemblerTest {

    private static final long ISN = 0xFFFF_FFF0L; // close to the wrap, so offsets cross it

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(List<Chunk> chunks) {
        return new String(StreamAssembler.concat(chunks), StandardCharsets.US_ASCII);
    }

    @Test
    void retransmittedBytesCountOnceAndChunkBoundariesStay() throws Exception {
        StreamAssembler s = new StreamAssembler(Side.CLIENT, 1000);
        s.syn(ISN);
        s.payload(ISN + 1, b("GET "), 4, 10);
        s.payload(ISN + 5, b("/status\n"), 5, 20);
        s.payload(ISN + 1, b("GET "), 6, 30); // retransmission
        List<Chunk> chunks = s.chunks();
        assertEquals("GET /status\n", text(chunks));
        assertEquals(List.of(4L, 5L), chunks.stream().map(Chunk::frame).toList());
    }

    @Test
    void outOfOrderSegmentsTakeTheirPlaceAcrossTheSequenceWrap() throws Exception {
        StreamAssembler s = new StreamAssembler(Side.SERVER, 1000);
        s.syn(ISN);
        s.payload((ISN + 1 + 16) % (1L << 32), b("world"), 8, 20); // past the wrap, first on the wire
        s.payload(ISN + 1, b("hello, wrapping "), 9, 30);
        assertEquals("hello, wrapping world", text(s.chunks()));
    }

    @Test
    void aRetransmissionThatOverlapsKeepsOnlyItsNewTail() throws Exception {
        StreamAssembler s = new StreamAssembler(Side.CLIENT, 1000);
        s.syn(ISN);
        s.payload(ISN + 1, b("abc"), 4, 10);
        s.payload(ISN + 2, b("bcdef"), 5, 20);
        List<Chunk> chunks = s.chunks();
        assertEquals("abcdef", text(chunks));
        assertArrayEquals(b("def"), chunks.get(1).bytes());
        assertEquals(3, chunks.get(1).offset());
    }

    @Test
    void missingBytesAreNamedNotGuessed() throws Exception {
        StreamAssembler s = new StreamAssembler(Side.CLIENT, 1000);
        s.syn(ISN);
        s.payload(ISN + 1, b("abc"), 4, 10);
        s.payload(ISN + 10, b("xyz"), 7, 20);
        ReplayException e = assertThrows(ReplayException.class, s::chunks);
        assertEquals("the client's stream misses bytes 3-8 before frame 7 (expected every byte in the capture:"
                + " were frames lost?)", e.getMessage());
    }

    @Test
    void aStreamPastTheCapIsRefused() throws Exception {
        StreamAssembler s = new StreamAssembler(Side.SERVER, 5);
        s.syn(ISN);
        s.payload(ISN + 1, b("abc"), 4, 10);
        ReplayException e = assertThrows(ReplayException.class, () -> s.payload(ISN + 4, b("def"), 5, 20));
        assertEquals("the server's payload passes 5 bytes at frame 5 (expected at most 5 bytes per direction)",
                e.getMessage());
    }
}
