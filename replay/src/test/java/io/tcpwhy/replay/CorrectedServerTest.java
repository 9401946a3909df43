package io.tcpwhy.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tcpwhy.capture.LiveCaptureRule;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Replaying a ticket's capture against the fixed server shows the difference. */
class CorrectedServerTest {

    @Test
    void theCloseWaitLeakAgainstAServerThatClosesEndsOrderly() throws Exception {
        Script script = ReplaySamplesTest.clientScript("close_wait_leak");
        try (RecordedServers servers = new RecordedServers()) {
            InetSocketAddress fixed = servers.startClosingServer();
            ReplayResult result = LiveCaptureRule.live(() -> Replay.run(script,
                    Replay.Options.client(fixed).withClock(new FakeClock())));
            assertEquals("CLOSE_WAIT", script.original().diagnosis());
            assertEquals("ORDERLY", result.replayDiagnosis(), result.rows().toString());
            assertFalse(result.sameEnding());
            assertEquals("the replay ended differently from the original", ReplayReport.verdict(result, null));
            assertEquals("as expected: the replay ended ORDERLY", ReplayReport.verdict(result, "ORDERLY"));
        }
    }
}
