package io.tcpwhy.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.capture.LiveCaptureRule;
import io.tcpwhy.model.Side;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the client side of every recorded sample against an in-process server that behaves
 * as the recorded server did, captures the replay live and requires the recorded diagnosis
 * back. Live: skipped with the reason where capture is impossible, failing in CI.
 */
class ReplaySamplesTest {

    /** Each sample and the diagnosis its scenario recorded (lab Scenarios.java, samples/README.md). */
    static final Map<String, String> RECORDED = Map.ofEntries(
            Map.entry("orderly_close", "ORDERLY"),
            Map.entry("close_wait_leak", "CLOSE_WAIT"),
            Map.entry("write_after_peer_close", "RST_AFTER_CLOSE"),
            Map.entry("read_after_reset", "RST_UNREAD_DATA"),
            Map.entry("close_with_unread_data", "RST_UNREAD_DATA"),
            Map.entry("java_close_with_unread_data", "RST_UNREAD_DATA"),
            Map.entry("echo_into_closed_socket", "RST_AFTER_CLOSE"),
            Map.entry("connection_refused", "REFUSED"),
            Map.entry("connect_timeout_backlog_full", "SYN_UNANSWERED"),
            Map.entry("listen_without_accept", "CLOSE_WAIT"),
            Map.entry("server_read_deadline", "ORDERLY"),
            Map.entry("client_read_deadline", "ORDERLY"),
            Map.entry("abortive_close_linger0", "RST_ABORT"),
            Map.entry("half_close", "HALF_CLOSE"),
            Map.entry("use_after_local_close", "ORDERLY"));

    /** The connection to replay where a sample holds several: the backlog sample's third connect. */
    static final Map<String, Integer> CONNECTION_ID = Map.of("connect_timeout_backlog_full", 3);

    static Set<String> samples() {
        return new TreeSet<>(RECORDED.keySet());
    }

    static Script clientScript(String name) throws Exception {
        Recording r = RecordingReader.read(Samples.pcap(name),
                RecordingReader.Selection.of(null, CONNECTION_ID.get(name), null));
        return ScriptBuilder.build(r, Side.CLIENT, name + ".pcap");
    }

    @Test
    void theLabsLoopbackSamplesAreAllOnDisk() {
        for (String name : samples()) {
            assertTrue(Files.isRegularFile(Samples.DIR.resolve(name + ".pcap")), name);
        }
    }

    /** Every sample on disk, the ones added since these tests too. */
    static Set<String> samplesOnDisk() throws Exception {
        try (var files = Files.list(Samples.DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pcap"))
                    .map(n -> n.substring(0, n.length() - ".pcap".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Every sample on disk is replayed live: here, or as a production sample (ProductionReplayTest, NamespaceReplayTest). */
    @Test
    void everySampleOnDiskHasALiveReplay() throws Exception {
        Set<String> replayed = new TreeSet<>(RECORDED.keySet());
        replayed.addAll(ProductionSamples.RECORDED.keySet());
        assertEquals(samplesOnDisk(), replayed);
    }

    /**
     * Each connection of every sample, the ones no test replays live too (the queued
     * connections of the backlog samples), makes a script for either side, or is refused with
     * a one-line reason, never a crash.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samplesOnDisk")
    void everyConnectionOfEverySampleMakesAScriptOrAReason(String name) throws Exception {
        int scripts = 0;
        for (int id = 1; id <= MAX_CONNECTIONS_PER_SAMPLE; id++) {
            Recording r;
            try {
                r = RecordingReader.read(Samples.pcap(name), RecordingReader.Selection.of(null, id, null));
            } catch (ReplayException noMore) {
                assertTrue(noMore.getMessage().contains("no TCP connection with id " + id), noMore.getMessage());
                break;
            }
            for (Side side : Side.values()) {
                try {
                    Script script = ScriptBuilder.build(r, side, name);
                    assertEquals(r.report().diagnosis().code().name(), script.original().diagnosis());
                    scripts++;
                } catch (ReplayException refused) {
                    assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
                }
            }
        }
        assertTrue(scripts > 0, name + ": no side of any connection could be scripted");
    }

    private static final int MAX_CONNECTIONS_PER_SAMPLE = 64;

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void replayingTheClientAgainstTheRecordedServerGivesTheRecordedDiagnosis(String name) throws Exception {
        Script script = clientScript(name);
        assertEquals(RECORDED.get(name), script.original().diagnosis(), "the sample's own diagnosis");
        FakeClock clock = new FakeClock();
        try (RecordedServers servers = new RecordedServers()) {
            InetSocketAddress target = servers.start(name);
            ReplayResult result = LiveCaptureRule.live(() -> Replay.run(script,
                    Replay.Options.client(target).withClock(clock)));
            String shown = "notes " + result.notes() + " steps " + result.log() + " " + result.rows();
            assertEquals(RECORDED.get(name), result.replayDiagnosis(), shown);
            assertTrue(result.sameEnding(), "ended like the original: " + shown);
            assertEquals(script.original().closing(), result.replayed().closing(), shown);
            // The played side's bytes went out whole, unless the recorded side closed with bytes unread.
            assertTrue(PayloadComparison.same(script.playedPayload(), result.playedPayload()), shown);
        }
    }
}
