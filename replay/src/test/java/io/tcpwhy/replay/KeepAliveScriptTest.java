package io.tcpwhy.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.Side;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keep-alive probes in a recording become the script's keep-alive; nothing else looks like one. */
class KeepAliveScriptTest {

    static Set<String> productionSamples() {
        return new TreeSet<>(ProductionSamples.RECORDED.keySet());
    }

    static Set<String> allSamples() throws Exception {
        return ReplaySamplesTest.samplesOnDisk();
    }

    @Test
    void theKeepAliveSamplesProbesGiveItsTimersAndTheKernelsGiveUp() throws Exception {
        Script s = ProductionSamples.clientScript("peer_unreachable_keepalive");
        // The lab set TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s, TCP_KEEPCNT 2 (NetnsScenarios).
        assertEquals(new KeepAlive(1, 1, 2), s.keepAlive());
        assertEquals(Ending.KEEPALIVE_GAVE_UP, s.ending());
        // The reply is read, as the recorded client did; not left unread for a close to reset.
        assertEquals(List.of(Step.Kind.SEND, Step.Kind.EXPECT), s.steps().stream().map(Step::kind).toList());
        assertTrue(s.describe().contains("keep-alive on: first probe after 1 s idle, every 1 s, 2 unanswered to give up"),
                s.describe());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSamples")
    void noOtherSamplesSegmentsAreTakenForProbes(String name) throws Exception {
        if (name.equals("peer_unreachable_keepalive")) {
            return;
        }
        for (int id = 1; ; id++) {
            Recording r;
            try {
                r = RecordingReader.read(Samples.pcap(name), RecordingReader.Selection.of(null, id, null));
            } catch (ReplayException noMore) {
                assertTrue(id > 1, name + ": " + noMore.getMessage());
                return;
            }
            assertEquals(List.of(), r.probes(), name + " connection " + id);
            try {
                assertNull(ScriptBuilder.build(r, Side.CLIENT, name).keepAlive(), name);
            } catch (ReplayException unscriptable) {
                // Nothing to play on this side: no keep-alive either.
            }
        }
    }

    @Test
    void aProbeAloneStillGivesTimersAndTheDefaultCount() {
        KeepAlive k = KeepAlive.fromProbes(List.of(31_000_000_000L), 1_000_000_000L, false);
        assertEquals(new KeepAlive(30, 30, KeepAlive.DEFAULT_PROBES), k);
        assertEquals(30_000L + 30_000L * KeepAlive.DEFAULT_PROBES, k.giveUpMillis());
    }
}
