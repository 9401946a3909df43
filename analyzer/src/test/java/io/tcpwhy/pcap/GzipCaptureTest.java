package io.tcpwhy.pcap;

import static io.tcpwhy.pcap.PcapngReadingTest.epb;
import static io.tcpwhy.pcap.PcapngReadingTest.idb;
import static io.tcpwhy.pcap.PcapngReadingTest.shb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GzipCaptureTest {

    private static final int FRAMES = 2_000;

    @TempDir
    Path dir;

    /** Frames of random bytes, so the compressed file is about as long as the plain one. */
    private Path writeRandomPcap(Path file) throws IOException {
        Random random = new Random(42);
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, false)) {
            for (int i = 0; i < FRAMES; i++) {
                byte[] frame = new byte[60 + random.nextInt(1400)];
                random.nextBytes(frame);
                writer.write(1_700_000_000_000_000_000L + i * 1_000L, frame, 0, frame.length, frame.length);
            }
        }
        return file;
    }

    private static void assertSameFrames(List<Frames.Frame> expected, List<Frames.Frame> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).timestampNanos(), actual.get(i).timestampNanos());
            assertEquals(expected.get(i).recordOffset(), actual.get(i).recordOffset(), "offsets are uncompressed");
            assertArrayEquals(expected.get(i).data(), actual.get(i).data());
        }
    }

    @Test
    void gzippedPcapReadsLikeThePlainFile() throws IOException {
        Path plain = writeRandomPcap(dir.resolve("t.pcap"));
        Path gzip = CaptureBytes.writeGzip(dir.resolve("t.pcap.gz"), Files.readAllBytes(plain));

        assertSameFrames(Frames.readAll(plain), Frames.readAll(gzip));
    }

    @Test
    void gzippedPcapngReadsLikeThePlainFile() throws IOException {
        CaptureBytes b = shb(CaptureBytes.big());
        idb(b, LinkType.RAW, 0);
        for (int i = 0; i < 50; i++) {
            epb(b, 0, i, CaptureBytes.frame(20 + i, i), 20 + i);
        }
        Path plain = b.writeTo(dir.resolve("t.pcapng"));
        Path gzip = b.writeGzipTo(dir.resolve("t.pcapng.gz"));

        try (CaptureReader reader = CaptureReader.open(gzip)) {
            assertEquals("pcapng", reader.format());
        }
        assertSameFrames(Frames.readAll(plain), Frames.readAll(gzip));
    }

    @Test
    void progressCountsCompressedBytesUpToTheFileSize() throws IOException {
        Path plain = writeRandomPcap(dir.resolve("p.pcap"));
        Path gzip = CaptureBytes.writeGzip(dir.resolve("p.pcap.gz"), Files.readAllBytes(plain));
        long size = Files.size(gzip);

        try (CaptureReader reader = CaptureReader.open(gzip)) {
            assertEquals(size, reader.fileSize());
            long last = 0;
            while (reader.next()) {
                assertTrue(reader.bytesConsumed() >= last, "progress never goes back");
                last = reader.bytesConsumed();
            }
            assertTrue(last > 0 && last <= size, "consumed " + last + " of " + size);
        }
    }

    @Test
    void gzipStreamEndingEarlyIsDamageAtTheUncompressedOffset() throws IOException {
        Path plain = writeRandomPcap(dir.resolve("cut.pcap"));
        byte[] whole = Files.readAllBytes(CaptureBytes.writeGzip(dir.resolve("whole.gz"), Files.readAllBytes(plain)));
        Path cut = Files.write(dir.resolve("cut.pcap.gz"), Arrays.copyOf(whole, whole.length / 2));
        List<Frames.Frame> all = Frames.readAll(plain);

        try (CaptureReader reader = CaptureReader.open(cut)) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
                while (reader.next()) {
                    assertArrayEquals(all.get((int) reader.frameNumber() - 1).data(), Frames.current(reader).data());
                }
            });
            int read = (int) reader.frameNumber();
            assertTrue(read > 0 && read < FRAMES, "frames before the cut were delivered: " + read);
            assertTrue(e.byteOffset() >= all.get(read - 1).recordOffset(), "offset " + e.byteOffset());
            assertTrue(e.byteOffset() < Files.size(plain), "offset " + e.byteOffset() + " is uncompressed");
            assertEquals("gzip data ends or breaks after " + e.byteOffset()
                    + " uncompressed bytes: Unexpected end of ZLIB input stream"
                    + " (expected compressed data up to the gzip trailer)", e.problem());
        }
    }

    @Test
    void corruptDeflateDataIsDamage() throws IOException {
        Path plain = writeRandomPcap(dir.resolve("corrupt.pcap"));
        byte[] gzip = Files.readAllBytes(CaptureBytes.writeGzip(dir.resolve("c.gz"), Files.readAllBytes(plain)));
        for (int i = gzip.length / 2; i < gzip.length / 2 + 64; i++) {
            gzip[i] = (byte) 0xff;
        }
        Path file = Files.write(dir.resolve("corrupt.pcap.gz"), gzip);

        try (CaptureReader reader = CaptureReader.open(file)) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
                while (reader.next()) {
                    // read up to the damage; whichever check notices it first reports it
                }
            });
            assertTrue(reader.frameNumber() > 0);
            assertTrue(e.byteOffset() < Files.size(plain), "offset " + e.byteOffset() + " is uncompressed");
        }
    }

    @Test
    void gzipOfAnEmptyFileSaysSo() throws IOException {
        Path file = CaptureBytes.writeGzip(dir.resolve("empty.pcap.gz"), new byte[0]);

        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureReader.open(file));

        assertEquals("file is empty after gzip decompression (expected a pcap or pcapng file header)", e.problem());
    }

    @Test
    void gzipOfSomethingElseNamesTheDecompressedMagic() throws IOException {
        Path file = CaptureBytes.writeGzip(dir.resolve("text.gz"), "hello, world".getBytes(StandardCharsets.US_ASCII));

        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureReader.open(file));

        assertTrue(e.problem().startsWith("first 4 bytes after gzip decompression are 68 65 6c 6c (expected"), e.problem());
    }

    @Test
    void bareGzipMagicIsADamagedHeader() throws IOException {
        Path file = Files.write(dir.resolve("magic.gz"), new byte[] {0x1f, (byte) 0x8b});

        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureReader.open(file));

        assertEquals(0, e.byteOffset());
        assertTrue(e.problem().startsWith("gzip header is damaged: "), e.problem());
    }

    @Test
    void plainFileStartingWithOnlyOneGzipByteIsNotTakenForGzip() throws IOException {
        Path file = CaptureBytes.big().raw(0x1f, 0x00, 0x00, 0x00).writeTo(dir.resolve("x.pcap"));

        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureReader.open(file));

        assertTrue(e.problem().startsWith("first 4 bytes are 1f 00 00 00"), e.problem());
        assertFalse(e.problem().contains("gzip"));
    }

    /** The gzip of a random pcap followed by {@code after}, read to the end. */
    private CaptureFormatException readWithBytesAfter(String name, byte[] after) throws IOException {
        Path plain = writeRandomPcap(dir.resolve(name + ".pcap"));
        byte[] gzip = Files.readAllBytes(CaptureBytes.writeGzip(dir.resolve(name + ".gz"), Files.readAllBytes(plain)));
        byte[] file = Arrays.copyOf(gzip, gzip.length + after.length);
        System.arraycopy(after, 0, file, gzip.length, after.length);
        Path path = Files.write(dir.resolve(name + ".pcap.gz"), file);
        try (CaptureReader reader = CaptureReader.open(path)) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
                while (reader.next()) {
                    // every frame comes before the complaint
                }
            });
            assertEquals(FRAMES, reader.frameNumber(), "every frame of the member was delivered");
            assertEquals(Files.size(plain), e.byteOffset(), "at the end of the uncompressed data");
            assertEquals("the gzip data ends at compressed byte " + gzip.length + ", and bytes that are not a gzip"
                    + " member follow (expected the end of the file or another member); everything before them was"
                    + " read", e.problem());
            return e;
        }
    }

    @Test
    void garbageAfterTheGzipDataIsDamageNotSilence() throws IOException {
        byte[] garbage = new byte[5_000];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x42; // not the gzip magic
        readWithBytesAfter("garbage", garbage);
    }

    @Test
    void aFewBytesAfterTheGzipDataAreSeenToo() throws IOException {
        readWithBytesAfter("few", new byte[] {'x'});
        readWithBytesAfter("zeros", new byte[17]);
    }

    @Test
    void aSecondMemberWithADamagedHeaderIsNotDroppedSilently() throws IOException {
        byte[] second = Files.readAllBytes(CaptureBytes.writeGzip(dir.resolve("second.gz"), new byte[1000]));
        second[2] = 9; // compression method 9: not deflate (RFC 1952 section 2.3.1 allows only 8)
        readWithBytesAfter("second", second);
    }

    @Test
    void membersOneAfterAnotherAreOneStreamWithNothingAfter() throws IOException {
        Path plain = writeRandomPcap(dir.resolve("m.pcap"));
        byte[] bytes = Files.readAllBytes(plain);
        int half = 24 + 16 + 100; // inside the first record: members need not end on a record
        byte[] first = Files.readAllBytes(CaptureBytes.writeGzip(dir.resolve("m1.gz"), Arrays.copyOf(bytes, half)));
        byte[] rest = Files.readAllBytes(CaptureBytes.writeGzip(dir.resolve("m2.gz"),
                Arrays.copyOfRange(bytes, half, bytes.length)));
        byte[] both = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, both, first.length, rest.length);
        Path file = Files.write(dir.resolve("m.pcap.gz"), both);

        assertSameFrames(Frames.readAll(plain), Frames.readAll(file));
    }
}
