package io.tcpwhy.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.testing.SegmentScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFilesTest {

    @TempDir
    Path dir;

    private static byte[] frame() {
        return SegmentPcap.frame(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80").client("S").segments().get(0));
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aFileInAMissingDirectory_failsSayingWhy() {
        Path out = dir.resolve("missing").resolve("x.pcap");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> PcapFiles.create(out, FileRotation.NONE, LinkType.EN10MB, true, 262_144));
        assertEquals(dir.resolve("missing").resolve(".x.pcap.tcpwhy-tmp") + ": no such directory", PcapFiles.why(e));
    }

    @Test
    void withoutRotation_oneFileUnderItsOwnName_validBeforeAnyFrame() throws Exception {
        Path out = dir.resolve("one.pcap");
        try (PcapFiles files = PcapFiles.create(out, FileRotation.NONE, LinkType.EN10MB, true, 262_144)) {
            assertEquals(List.of(out), files(), "no temporary file left");
            assertEquals(PcapFiles.FILE_HEADER_LENGTH, Files.size(out), "the header is there before any frame");
            assertTrue(RecordedFrames.tcpSegments(out).isEmpty());
        }
    }

    @Test
    void rotationBySize_numbersTheFilesAndKeepsTheNewest() throws Exception {
        Path out = dir.resolve("ring.pcap");
        byte[] f = frame();
        long t = 1_700_000_000_000_000_000L;
        try (PcapFiles files = PcapFiles.create(out, new FileRotation(FileRotation.MIN_BYTES, 0, 2), LinkType.EN10MB,
                true, 262_144)) {
            for (int i = 0; i < 200; i++) {
                files.write(t + i, f, 0, f.length, f.length);
                files.flush();
            }
        }
        List<Path> left = files();
        assertEquals(2, left.size(), left.toString());
        for (Path p : left) {
            assertTrue(p.getFileName().toString().matches("ring_0000\\d\\d\\.pcap"), p.toString());
            assertTrue(Files.size(p) <= FileRotation.MIN_BYTES, p + " " + Files.size(p));
            assertEquals((Files.size(p) - PcapFiles.FILE_HEADER_LENGTH) / (PcapFiles.RECORD_HEADER_LENGTH + f.length),
                    RecordedFrames.tcpSegments(p).size(), "every record whole: " + p);
        }
        long perFile = (FileRotation.MIN_BYTES - PcapFiles.FILE_HEADER_LENGTH) / (PcapFiles.RECORD_HEADER_LENGTH + f.length);
        int lastNumber = (int) ((200 + perFile - 1) / perFile);
        assertEquals(dir.resolve(String.format("ring_%06d.pcap", lastNumber)), left.get(1));
    }

    @Test
    void rotationByAge_startsANewFileWhenTheFirstFrameIsThatOld() throws Exception {
        Path out = dir.resolve("age.pcap");
        byte[] f = frame();
        long t = 1_700_000_000_000_000_000L;
        try (PcapFiles files = PcapFiles.create(out, new FileRotation(0, 10, 0), LinkType.EN10MB, true, 262_144)) {
            files.write(t, f, 0, f.length, f.length);
            files.write(t + 9_999_999_999L, f, 0, f.length, f.length);
            files.write(t + 10_000_000_000L, f, 0, f.length, f.length);
        }
        List<Path> left = files();
        assertEquals(List.of(dir.resolve("age_000001.pcap"), dir.resolve("age_000002.pcap")), left);
        assertEquals(2, RecordedFrames.tcpSegments(left.get(0)).size());
        assertEquals(1, RecordedFrames.tcpSegments(left.get(1)).size());
    }
}
