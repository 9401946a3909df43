package io.tcpwhy.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The annotated copy keeps frames, timestamps and interfaces and adds comments where asked;
 * read back with tcpwhy's reader here (tshark reads them in {@link AnnotatedCaptureTsharkTest}).
 */
class AnnotatedCaptureTest {

    private static final int OPT_COMMENT = 1;
    private static final int CUSTOM_BLOCK = 0x00000bad;

    @TempDir
    Path dir;

    /** Comments on frames 2 and 3, every frame kept. */
    private static final AnnotatedCapture.FrameNotes TWO_COMMENTED = (frame, link, buf, off, len) ->
            frame == 2 ? List.of("tcpwhy #1: client now FIN_WAIT_1")
                    : frame == 3 ? List.of("tcpwhy #1: RST_UNREAD_DATA \u2014 unread", "second") : List.of();

    @ParameterizedTest
    @CsvSource({"LITTLE_ENDIAN,false", "BIG_ENDIAN,false", "LITTLE_ENDIAN,true", "BIG_ENDIAN,true"})
    void pcapBecomesPcapngWithTheSameFramesTimesAndLengths(String orderName, boolean nanosecond) throws IOException {
        Path in = dir.resolve("in.pcap");
        ByteOrder order = orderName.equals("LITTLE_ENDIAN") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        try (PcapWriter w = PcapWriter.create(in, LinkType.EN10MB, nanosecond, 100, order)) {
            w.write(1_700_000_000_123_456_789L, CaptureBytes.frame(60, 1), 0, 60, 60);
            w.write(1_700_000_001_000_001_000L, CaptureBytes.frame(100, 2), 0, 100, 1514); // cut by the snap length
            w.write(1_700_000_002_999_999_000L, CaptureBytes.frame(7, 3), 0, 7, 7);
        }
        Path out = dir.resolve("out.pcapng");
        AnnotatedCapture.Result r = AnnotatedCapture.write(in, out, TWO_COMMENTED);
        assertEquals(new AnnotatedCapture.Result(3, 3, 0, null), r);

        List<Frames.Frame> before = Frames.readAll(in);
        List<Frames.Frame> after = Frames.readAll(out);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            Frames.Frame b = before.get(i);
            Frames.Frame a = after.get(i);
            assertEquals(b.timestampNanos(), a.timestampNanos(), "frame " + (i + 1) + " time");
            assertEquals(b.timestampDigits(), a.timestampDigits(), "frame " + (i + 1) + " precision");
            assertEquals(b.linkType(), a.linkType());
            assertEquals(b.originalLength(), a.originalLength());
            assertArrayEquals(b.data(), a.data(), "frame " + (i + 1) + " bytes");
        }
        assertEquals(Map.of(2L, List.of("tcpwhy #1: client now FIN_WAIT_1"),
                3L, List.of("tcpwhy #1: RST_UNREAD_DATA \u2014 unread", "second")), PcapngComments.read(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void pcapngKeepsEveryOtherBlockAndUncommentedFramesByteForByte(String orderName) throws IOException {
        ByteOrder order = orderName.equals("LITTLE_ENDIAN") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        CaptureBytes b = CaptureBytes.in(order);
        PcapngReadingTest.shb(b);
        PcapngReadingTest.idb(b, LinkType.EN10MB, 0);
        b.block(CUSTOM_BLOCK, body -> body.u32(0x12345678).bytes("kept".getBytes(StandardCharsets.US_ASCII)));
        PcapngReadingTest.epb(b, 0, 1_000, CaptureBytes.frame(61, 1), 61);
        int frame2 = b.size();
        // An Enhanced Packet Block with its own comment option and opt_endofopt.
        byte[] data = CaptureBytes.frame(13, 9);
        b.block(PcapngReadingTest.EPB, body -> body
                .u32(0).u32(0).u32(2_000).u32(data.length).u32(data.length)
                .bytes(data).zeros(3)                                    // data padded to 16
                .u16(OPT_COMMENT).u16(5).bytes("mine!".getBytes(StandardCharsets.US_ASCII)).zeros(3)
                .u16(0).u16(0));                                        // opt_endofopt
        PcapngReadingTest.epb(b, 0, 3_000, CaptureBytes.frame(4, 5), 4);
        byte[] original = b.toArray();
        Path in = b.writeTo(dir.resolve("in.pcapng"));
        Path out = dir.resolve("out.pcapng");

        AnnotatedCapture.Result r = AnnotatedCapture.write(in, out, TWO_COMMENTED);

        assertEquals(new AnnotatedCapture.Result(3, 3, 0, null), r);
        byte[] copy = Files.readAllBytes(out);
        assertArrayEquals(Arrays.copyOf(original, frame2), Arrays.copyOf(copy, frame2),
                "section, interface, custom block and the uncommented frame unchanged");
        assertEquals(Map.of(2L, List.of("tcpwhy #1: client now FIN_WAIT_1", "mine!"),
                3L, List.of("tcpwhy #1: RST_UNREAD_DATA \u2014 unread", "second")), PcapngComments.read(out),
                "ours first, the block's own comment kept");
        List<Frames.Frame> before = Frames.readAll(in);
        List<Frames.Frame> after = Frames.readAll(out);
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).timestampNanos(), after.get(i).timestampNanos());
            assertArrayEquals(before.get(i).data(), after.get(i).data());
            assertEquals(before.get(i).originalLength(), after.get(i).originalLength());
        }
    }

    @Test
    void framesTheNotesLeaveOutAreNotWrittenButTheOtherBlocksAre() throws IOException {
        CaptureBytes b = CaptureBytes.little();
        PcapngReadingTest.shb(b);
        PcapngReadingTest.idb(b, LinkType.EN10MB, 0);
        for (int i = 0; i < 4; i++) {
            PcapngReadingTest.epb(b, 0, 1_000 * i, CaptureBytes.frame(20, i), 20);
        }
        Path out = dir.resolve("some.pcapng");
        AnnotatedCapture.Result r = AnnotatedCapture.write(b.writeTo(dir.resolve("in.pcapng")), out,
                (frame, link, buf, off, len) -> frame % 2 == 0 ? List.of("even " + frame) : null);
        assertEquals(2, r.frames());
        List<Frames.Frame> kept = Frames.readAll(out);
        assertEquals(List.of(1_000_000L, 3_000_000L), kept.stream().map(Frames.Frame::timestampNanos).toList());
        assertEquals(Map.of(1L, List.of("even 2"), 2L, List.of("even 4")), PcapngComments.read(out));
    }

    @Test
    void simplePacketBlocksCannotCarryCommentsAndAreCountedSo() throws IOException {
        CaptureBytes b = CaptureBytes.little();
        PcapngReadingTest.shb(b);
        PcapngReadingTest.idb(b, LinkType.EN10MB, 0);
        byte[] data = CaptureBytes.frame(20, 1);
        b.block(PcapngReadingTest.SPB, body -> body.u32(data.length).bytes(data));
        AnnotatedCapture.Result r = AnnotatedCapture.write(b.writeTo(dir.resolve("in.pcapng")),
                dir.resolve("out.pcapng"), (frame, link, buf, off, len) -> List.of("lost"));
        assertEquals(new AnnotatedCapture.Result(1, 0, 1, null), r, "no comment written, one frame could not take it");
        assertArrayEquals(b.toArray(), Files.readAllBytes(dir.resolve("out.pcapng")));
    }

    @Test
    void damageStopsTheCopyAfterTheLastWholeRecord() throws IOException {
        CaptureBytes b = CaptureBytes.little();
        PcapngReadingTest.shb(b);
        PcapngReadingTest.idb(b, LinkType.EN10MB, 0);
        PcapngReadingTest.epb(b, 0, 1, CaptureBytes.frame(20, 1), 20);
        int whole = b.size();
        b.u32(PcapngReadingTest.EPB).u32(1 << 20); // a block claiming a megabyte the file does not hold
        Path out = dir.resolve("out.pcapng");
        AnnotatedCapture.Result r = AnnotatedCapture.write(b.writeTo(dir.resolve("in.pcapng")), out,
                (frame, link, buf, off, len) -> List.of());
        assertNotNull(r.damage());
        assertEquals(1, r.frames());
        assertArrayEquals(Arrays.copyOf(b.toArray(), whole), Files.readAllBytes(out));
    }

    @Test
    void aLongCommentIsCutOnACharacterBoundary() {
        String text = "\u00e9".repeat(AnnotatedCapture.MAX_COMMENT_BYTES); // two bytes each
        byte[] cut = AnnotatedCapture.utf8Prefix(text, 7);
        assertEquals("\u00e9\u00e9\u00e9", new String(cut, StandardCharsets.UTF_8));
    }
}
