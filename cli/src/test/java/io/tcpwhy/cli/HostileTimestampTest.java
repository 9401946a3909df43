package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.pcap.AnnotatedCapture;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.testing.SegmentScript;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's timestamp classes through the command line, as crafted files: twenty ordinary
 * connections and one frame whose timestamp is hostile (all ones, a flipped high bit,
 * INT64_MAX in pcapng, zeros after normal ones) or timestamps running backwards. Each must
 * end (no timer running for ever) with every connection's end at or after its start.
 *
 * <p>REGRESSION TESTS FOR THE LEAD'S TRACKER (timer hangs, negative durations): they pass
 * against the "Tracker:" rework merged into this branch; a tracker without it hangs (the
 * guard fails the test) or reports negative durations.
 */
class HostileTimestampTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(90);
    private static final int CONNECTIONS = 20;
    private static final int PCAP_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int EPB = 6;

    @TempDir
    Path dir;

    /** Twenty short connections, one after another, 1 s apart; frames in time order. */
    private Path twentyConnections(String name) throws IOException {
        List<TcpSegment> all = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            all.addAll(SegmentScript.between("10.0.0.1:" + (40000 + i), "10.0.0.2:80")
                    .at(i).client("S").server("SA").client("A").client("PA", 10).server("PA", 20)
                    .client("FA").server("FA").client("A").segments());
        }
        return SegmentPcap.write(dir.resolve(name), all);
    }

    @Test
    void timestampAllOnesInTheMiddle() throws Exception {
        Path file = rewritePcapSeconds(twentyConnections("ones.pcap"), 50, seconds -> 0xffff_ffffL, 0xffff_ffffL);
        analyzeEnds(file);
    }

    @Test
    void timestampHighBitFlipped() throws Exception {
        Path file = rewritePcapSeconds(twentyConnections("highbit.pcap"), 33, seconds -> seconds | 0x8000_0000L, -1);
        analyzeEnds(file);
    }

    @Test
    void zeroTimestampsAfterNormalOnes() throws Exception {
        Path file = twentyConnections("zeros.pcap");
        for (int frame = 81; frame <= CONNECTIONS * 8; frame++) {
            rewritePcapSeconds(file, frame, seconds -> 0, 0);
        }
        analyzeEnds(file);
    }

    @Test
    void timestampsRunningBackwardsNeverGiveANegativeDuration() throws Exception {
        Path file = twentyConnections("backwards.pcap");
        for (int frame = 1; frame <= CONNECTIONS * 8; frame++) {
            int f = frame;
            rewritePcapSeconds(file, frame, seconds -> seconds - 3L * f, -1);
        }
        analyzeEnds(file);
    }

    @Test
    void pcapngTimestampInt64Max() throws Exception {
        Path pcapng = dir.resolve("max.pcapng");
        AnnotatedCapture.write(twentyConnections("max.pcap"), pcapng, (frame, link, buf, off, len) -> List.of());
        rewriteEpbTicks(pcapng, 70, Long.MAX_VALUE);
        analyzeEnds(pcapng);
    }

    /** analyze --format json ends in time; every connection has end >= start and frames in order. */
    private void analyzeEnds(Path file) {
        AnalyzeCommandTest.Run r = assertTimeoutPreemptively(HANG_GUARD,
                () -> AnalyzeCommandTest.run("analyze", "--format", "json", file.toString()),
                "analyze " + file.getFileName() + " ends (no timer loop)");
        assertTrue(r.status() == ExitStatus.OK || r.status() == ExitStatus.FAIL_ON_MATCHED, r.err());
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("JSON: " + e.getMessage(), e);
        }
        JsonNode connections = doc.get("connections");
        assertFalse(connections.isEmpty(), "connections reported");
        for (JsonNode c : connections) {
            Instant start = Instant.parse(c.get("start").asText());
            Instant end = Instant.parse(c.get("end").asText());
            assertFalse(end.isBefore(start), "connection #" + c.get("id") + " ends at " + end + ", before its start "
                    + start);
            assertTrue(c.get("first_frame").asLong() <= c.get("last_frame").asLong(), c.toString());
        }
        assertEquals(CONNECTIONS * 8, doc.get("input").get(0).get("frames").asLong());
    }

    /** Sets frame {@code frame}'s ts_sec (and ts_usec/nsec unless {@code fraction} is -1) in a pcap file. */
    private static Path rewritePcapSeconds(Path file, int frame, LongUnaryOperator seconds, long fraction)
            throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
        int p = PCAP_HEADER;
        for (int i = 1; i < frame; i++) {
            p += RECORD_HEADER + b.getInt(p + 8);
        }
        b.putInt(p, (int) seconds.applyAsLong(Integer.toUnsignedLong(b.getInt(p))));
        if (fraction >= 0) {
            b.putInt(p + 4, (int) fraction);
        }
        Files.write(file, b.array());
        return file;
    }

    /** Sets Enhanced Packet Block number {@code frame}'s 64-bit timestamp in a single-section pcapng file. */
    private static void rewriteEpbTicks(Path file, int frame, long ticks) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        b.order(b.getInt(8) == 0x1a2b3c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        int seen = 0;
        while (p < b.limit()) {
            if (b.getInt(p) == EPB && ++seen == frame) {
                b.putInt(p + 12, (int) (ticks >>> 32)).putInt(p + 16, (int) ticks);
                Files.write(file, b.array());
                return;
            }
            p += b.getInt(p + 4);
        }
        throw new AssertionError("no frame " + frame);
    }
}
