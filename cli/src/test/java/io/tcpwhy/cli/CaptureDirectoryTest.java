package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of a directory {@code analyze} reads, and in which order. */
class CaptureDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void tcpdumpRotationsComeInTheOrderTcpdumpWroteThem() throws Exception {
        // tcpdump -C 1 -w trace.pcap writes trace.pcap, trace.pcap1, ... trace.pcap10, unpadded.
        for (String name : List.of("trace.pcap10", "trace.pcap2", "trace.pcap", "trace.pcap11", "trace.pcap1",
                "trace.pcap9", "notes.txt")) {
            Files.writeString(dir.resolve(name), "x");
        }
        assertEquals(List.of("trace.pcap", "trace.pcap1", "trace.pcap2", "trace.pcap9", "trace.pcap10", "trace.pcap11"),
                names(CaptureDirectory.list(dir)));
    }

    @Test
    void numbersInsideNamesCompareAsNumbersAndPaddedOnesStayInOrder() throws Exception {
        for (String name : List.of("app-10.pcap.gz", "app-9.pcap.gz", "app-100.pcapng", "day02-h1.cap", "day2-h10.cap",
                "day02-h2.cap", "w-0003.pcap", "w-0010.pcap")) {
            Files.writeString(dir.resolve(name), "x");
        }
        assertEquals(List.of("app-9.pcap.gz", "app-10.pcap.gz", "app-100.pcapng", "day02-h1.cap", "day02-h2.cap",
                "day2-h10.cap", "w-0003.pcap", "w-0010.pcap"), names(CaptureDirectory.list(dir)));
    }

    @Test
    void compareNamesIsAnOrderConsistentWithEquals() {
        assertTrue(CaptureDirectory.compareNames("a01.pcap", "a1.pcap") < 0, "equal numbers: plain order");
        assertTrue(CaptureDirectory.compareNames("a1.pcap", "a01.pcap") > 0);
        assertEquals(0, CaptureDirectory.compareNames("a1.pcap", "a1.pcap"));
        assertTrue(CaptureDirectory.compareNames("x99999999999999999999999.pcap", "x100000000000000000000000.pcap") < 0,
                "numbers longer than a long");
        assertTrue(CaptureDirectory.compareNames("t.pcap", "t.pcap0") < 0);
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }
}
