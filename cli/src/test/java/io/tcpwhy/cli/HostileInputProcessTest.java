package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.bench.CloseStyle;
import io.tcpwhy.bench.SyntheticCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-process limits: tcpwhy in a child JVM with a small heap on inputs built to exhaust
 * it. Each must end by itself with the promised one line on stderr and exit status: 3 for
 * bad input, 5 when memory really runs out. The wait is a hang guard, not a speed check.
 */
class HostileInputProcessTest {

    private static final long HANG_GUARD_SECONDS = 180;
    /** Two million connections take about two minutes on the 2-core build machine; ten is a hang. */
    private static final long LONG_RUN_SECONDS = 600;
    // draft-ietf-opsawg-pcap sections 4 and 5.
    private static final int PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int PCAP_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    @TempDir
    Path dir;

    record Exit(int status, String out, String err) {
        void hasOneErrorLine(String expectedStart) {
            assertEquals(1, err.lines().count(), "one line on stderr:\n" + err);
            assertTrue(err.startsWith(expectedStart), "stderr starts with '" + expectedStart + "':\n" + err);
            assertTrue(!err.contains("\tat "), "no stack trace:\n" + err);
        }
    }

    @Test
    void twelveBytesClaimingAFourGigabyteBlockIsOneLineAndExit3() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x0a0d0d0a)       // Section Header Block
                .putInt(0xfffffff0)       // total length: 4 GB
                .putInt(0x1a2b3c4d);      // byte-order magic
        Path file = Files.write(dir.resolve("claims.pcapng"), b.array());
        Exit e = tcpwhy("-Xmx64m", "analyze", file.toString());
        assertEquals(ExitStatus.BAD_INPUT, e.status(), e.err());
        e.hasOneErrorLine("tcpwhy: " + file + ": byte 0: Section Header Block claims 4294967280 bytes");
    }

    @Test
    void aRecordClaimingMoreThanTheFileHoldsAllocatesNothingAndIsExit3() throws Exception {
        ByteBuffer b = pcapHeader(0xffffffff, PCAP_HEADER + RECORD_HEADER + 8).putInt(1).putInt(0)
                .putInt(60 << 20).putInt(60 << 20)   // captured and original: 60 MB, within the cap
                .putInt(0x01020304).putInt(0x05060708);
        Path file = Files.write(dir.resolve("short.pcap"), b.array());
        // 16 MB of heap could not hold the claim: the reader reads the bytes that exist, never the claim.
        Exit e = tcpwhy("-Xmx16m", "analyze", file.toString());
        assertEquals(ExitStatus.BAD_INPUT, e.status(), e.err());
        e.hasOneErrorLine("tcpwhy: " + file + ": byte 24: record is cut short: it claims 62914560 bytes, the file"
                + " ends after 8");
    }

    @Test
    void aSparseTwoGigabyteFileWithAValidHeaderStopsWhereTheZerosStart() throws Exception {
        Path file = dir.resolve("sparse.pcap");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(pcapHeader(262_144, PCAP_HEADER).array());
            f.setLength(2L << 30);
        }
        Exit e = tcpwhy("-Xmx256m", "analyze", "--format", "json", file.toString());
        assertEquals(ExitStatus.BAD_INPUT, e.status(), e.err());
        e.hasOneErrorLine("tcpwhy: " + file + ": byte 24: record header is all zeros");
        assertTrue(e.out().contains("\"complete\":false") || e.out().contains("\"complete\": false"), e.out());
    }

    @Test
    void devZeroThroughAFifoIsNotACapture() throws Exception {
        Exit e = throughFifo("/dev/zero");
        assertEquals(ExitStatus.BAD_INPUT, e.status(), e.err());
        e.hasOneErrorLine("tcpwhy: ");
        assertTrue(e.err().contains("first 4 bytes are 00 00 00 00"), e.err());
    }

    @Test
    void devUrandomThroughAFifoIsNotACapture() throws Exception {
        Exit e = throughFifo("/dev/urandom");
        assertEquals(ExitStatus.BAD_INPUT, e.status(), e.err());
        e.hasOneErrorLine("tcpwhy: ");
    }

    @Test
    void aGzipBombIsReadAsAStreamInBoundedMemory() throws Exception {
        // gzip members one after another inflate as one stream (RFC 1952 section 2.2): a header member,
        // then one member of 64 MB of zeros written 64 times: 4 GB from a few MB. The first record
        // claims 60 MB (real zeros); the zeros after it are where the reader stops.
        Path bomb = dir.resolve("bomb.pcap.gz");
        byte[] zerosMember = gzip(new byte[64 << 20]);
        try (OutputStream out = Files.newOutputStream(bomb)) {
            out.write(gzip(pcapHeader(0x7fffffff, PCAP_HEADER + RECORD_HEADER).putInt(1).putInt(0)
                    .putInt(60 << 20).putInt(60 << 20).array()));
            for (int i = 0; i < 64; i++) {
                out.write(zerosMember);
            }
        }
        assertTrue(Files.size(bomb) < 8 << 20, "a small file: " + Files.size(bomb));
        Exit e = tcpwhy("-Xmx256m", "analyze", bomb.toString());
        assertEquals(ExitStatus.BAD_INPUT, e.status(), e.err());
        e.hasOneErrorLine("tcpwhy: " + bomb + ": byte 62914600: record header is all zeros");
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void runningOutOfMemoryIsOneLineAndExit5() throws Exception {
        // A real 40 MB frame: within the reader's cap, beyond a 24 MB heap.
        Path file = dir.resolve("giant.pcap");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(pcapHeader(64 << 20, PCAP_HEADER + RECORD_HEADER).putInt(1).putInt(0)
                    .putInt(40 << 20).putInt(40 << 20).array());
            byte[] chunk = new byte[1 << 20];
            chunk[0] = 1;
            for (int i = 0; i < 40; i++) {
                out.write(chunk);
            }
        }
        Exit e = tcpwhy("-Xmx24m", "analyze", file.toString());
        assertEquals(ExitStatus.OUT_OF_MEMORY, e.status(), e.err());
        e.hasOneErrorLine("tcpwhy: ran out of memory (");
    }

    private Exit throughFifo(String source) throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        // The writer blocks until tcpwhy opens the fifo and dies of SIGPIPE when tcpwhy closes it.
        Process writer = new ProcessBuilder("sh", "-c", "exec cat " + source + " > '" + fifo + "'")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return tcpwhy("-Xmx64m", "analyze", fifo.toString());
        } finally {
            writer.destroy();
            if (!writer.waitFor(10, TimeUnit.SECONDS)) {
                writer.destroyForcibly();
            }
        }
    }

    /** A classic pcap file header (little-endian, microseconds, Ethernet) in a buffer of {@code size} bytes. */
    private static ByteBuffer pcapHeader(int snapLength, int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(PCAP_MAGIC_MICROSECONDS)
                .putShort((short) 2).putShort((short) 4)   // version 2.4
                .putInt(0).putInt(0)                       // thiszone, sigfigs
                .putInt(snapLength)
                .putInt(LINKTYPE_ETHERNET);
    }

    @Test
    void twoMillionTinyConnectionsThatNeverEndRunToCompletionIn256MiB() throws Exception {
        // Half of them SYNs never answered (they never end: held until evicted past the open cap),
        // half refused; 5,000 open at once, each on its own client port.
        Path file = dir.resolve("tiny.pcap");
        long frames = SyntheticCapture.write(file, 2_000_000, 5_000,
                List.of(CloseStyle.UNANSWERED, CloseStyle.REFUSED));
        Exit e = tcpwhy(LONG_RUN_SECONDS, "-Xmx256m", "analyze", "--summary", file.toString());
        assertEquals(ExitStatus.OK, e.status(), e.err());
        assertTrue(e.out().contains("Summary: 2,000,000 connections"), e.out());
        assertTrue(e.out().contains("1,000,000 SYN_UNANSWERED") && e.out().contains("1,000,000 REFUSED"), e.out());
        // No error and no out-of-memory line for 5M frames: only the cap's line, the SYNs evicted
        // having had their whole say (nothing came after them).
        e.hasOneErrorLine("tcpwhy: " + file + ": more than 16,384 connections were open at once");
        assertTrue(e.err().contains("made before the connection ended (annotation EVICTED)"), frames + " frames: "
                + e.err());
    }

    @Test
    void moreConnectionsOpenAtOnceThanTheHeapHoldsIsSaidInOneLineWithTheCount() throws Exception {
        // -Xmx32m allows 2,048 open connections (one per 16 KiB); 3,000 are open at once here.
        Path file = dir.resolve("crowd.pcap");
        SyntheticCapture.write(file, 4_000, 3_000);
        Exit e = tcpwhy("-Xmx32m", "analyze", "--format", "jsonl", "--port", "1", file.toString());
        assertEquals(ExitStatus.OK, e.status(), e.err());
        assertEquals("", e.out(), "--port 1 matches nothing: the cut reports are counted whatever the filter");
        e.hasOneErrorLine("tcpwhy: " + file + ": more than 2,048 connections were open at once");
        Exit all = tcpwhy("-Xmx32m", "analyze", "--format", "jsonl", file.toString());
        long evicted = all.out().lines().filter(l -> l.contains("\"code\":\"EVICTED\"")).count();
        assertTrue(evicted > 4_000, "the cap thrashes: " + evicted);
        assertTrue(all.err().contains(String.format(java.util.Locale.ROOT, ": %,d reports were made before the"
                + " connection ended (annotation EVICTED)", evicted)), all.err());
    }

    /** Runs tcpwhy's main class in a child JVM; stdout and stderr go to files so no pipe fills up. */
    private Exit tcpwhy(String heap, String... args) throws Exception {
        return tcpwhy(HANG_GUARD_SECONDS, heap, args);
    }

    private Exit tcpwhy(long guardSeconds, String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(guardSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tcpwhy " + String.join(" ", args) + " still running after "
                    + guardSeconds + " s (a hang)");
        }
        return new Exit(p.exitValue(), readString(out), readString(err));
    }

    private static String readString(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
