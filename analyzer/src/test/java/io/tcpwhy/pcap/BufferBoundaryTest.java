package io.tcpwhy.pcap;

import static io.tcpwhy.pcap.PcapngReadingTest.epb;
import static io.tcpwhy.pcap.PcapngReadingTest.idb;
import static io.tcpwhy.pcap.PcapngReadingTest.shb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records that do not fit where the buffer happens to end, or in the buffer at all. */
class BufferBoundaryTest {

    @TempDir
    Path dir;

    private static void assertPatternFrames(List<Frames.Frame> frames, int count, int length) {
        assertEquals(count, frames.size());
        for (int i = 0; i < count; i++) {
            assertArrayEquals(CaptureBytes.frame(length, i), frames.get(i).data(), "frame " + (i + 1));
            assertEquals(i * 1_000L, frames.get(i).timestampNanos());
        }
    }

    private Path writePattern(String name, int count, int length, int snapLength) throws IOException {
        Path file = dir.resolve(name);
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, true, snapLength)) {
            for (int i = 0; i < count; i++) {
                writer.write(i * 1_000L, CaptureBytes.frame(length, i), 0, length, length);
            }
        }
        return file;
    }

    @Test
    void framesStraddlingTheEndOfTheDefaultBufferArriveWhole() throws IOException {
        // 3,000 frames of 1,517 + 16 bytes: about 4.4 MiB, so one record crosses the 4 MiB mark.
        Path file = writePattern("straddle.pcap", 3_000, 1_517, PcapWriter.DEFAULT_SNAPLEN);

        assertPatternFrames(Frames.readAll(file), 3_000, 1_517);
    }

    @Test
    void framesStraddlingASmallBufferAtEveryOffsetArriveWhole() throws IOException {
        // A 100-byte buffer against 53-byte records: every split point of header and data occurs.
        Path file = writePattern("small.pcap", 500, 37, 65535);

        assertPatternFrames(Frames.readAll(file, 100), 500, 37);
    }

    @Test
    void recordLargerThanTheDefaultBufferGrowsItOnce() throws IOException {
        int giant = InputWindow.DEFAULT_CAPACITY + 1_000_000;
        Path file = dir.resolve("giant.pcap");
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, false, 8 << 20)) {
            writer.write(0, CaptureBytes.frame(100, 0), 0, 100, 100);
            writer.write(1_000, CaptureBytes.frame(giant, 1), 0, giant, giant);
            writer.write(2_000, CaptureBytes.frame(100, 2), 0, 100, 100);
        }

        try (CaptureReader reader = CaptureReader.open(file)) {
            assertTrue(reader.next());
            assertTrue(reader.next());
            assertEquals(giant, reader.capturedLength());
            assertTrue(reader.buffer().capacity() >= giant, "the buffer grew to hold the record");
            assertArrayEquals(CaptureBytes.frame(giant, 1), Frames.current(reader).data());
            assertTrue(reader.next());
            assertArrayEquals(CaptureBytes.frame(100, 2), Frames.current(reader).data());
            assertFalse(reader.next());
        }
    }

    @Test
    void pcapngBlocksLargerThanASmallBufferArriveWhole() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        idb(b, LinkType.EN10MB, 0);
        for (int i = 0; i < 20; i++) {
            epb(b, 0, i, CaptureBytes.frame(200 + i, i), 200 + i);
        }
        Path file = b.writeTo(dir.resolve("big-blocks.pcapng"));

        List<Frames.Frame> frames = Frames.readAll(file, 64);

        assertEquals(20, frames.size());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(CaptureBytes.frame(200 + i, i), frames.get(i).data());
        }
    }
}
