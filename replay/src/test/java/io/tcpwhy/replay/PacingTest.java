package io.tcpwhy.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.Side;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pacing keeps the recorded gaps on the injected clock, measured from the start (no
 * drift), scales them with the speed and drops them in fast mode. Real loopback sockets, no
 * capture, no sleeping.
 */
class PacingTest {

    /** client_read_deadline: the request at ~2 ms, then the client's 1 s read deadline, then its close. */
    private static Script deadlineScript() throws Exception {
        return ScriptBuilder.build(RecordingReader.read(Samples.pcap("client_read_deadline"),
                RecordingReader.Selection.of(null, null, null)), Side.CLIENT, "client_read_deadline.pcap");
    }

    private static FakeClock play(Script script, Timing timing) throws Exception {
        FakeClock clock = new FakeClock();
        try (ServerSocket server = new ServerSocket(0, 1, RecordedServers.LOOPBACK);
             Socket client = new Socket(RecordedServers.LOOPBACK, server.getLocalPort());
             Socket accepted = server.accept()) {
            Player player = new Player(clock, timing, 5_000);
            player.play(script, client, clock.nanoTime());
            InputStream in = accepted.getInputStream();
            byte[] got = in.readAllBytes();
            assertEquals(script.playedPayload().length, got.length, "the request went out whole");
            assertTrue(player.log().get(player.log().size() - 1).endsWith("close (FIN): done"), player.log().toString());
        }
        return clock;
    }

    @Test
    void asRecordedWaitsUntilEachRecordedTimeCountedFromTheStart() throws Exception {
        Script script = deadlineScript();
        FakeClock clock = play(script, Timing.AS_RECORDED);
        long sendAt = script.steps().get(0).atNanos();
        assertEquals(List.of(sendAt, script.endAtNanos() - sendAt), clock.waits());
        assertTrue(script.endAtNanos() > 1_000_000_000L, "the recorded 1 s deadline is kept: " + script.endAtNanos());
    }

    @Test
    void speedDividesTheGaps() throws Exception {
        Script script = deadlineScript();
        FakeClock clock = play(script, new Timing(false, 4));
        assertEquals(Math.round(script.endAtNanos() / 4.0), clock.waited());
    }

    @Test
    void fastWaitsForNothing() throws Exception {
        FakeClock clock = play(deadlineScript(), Timing.FAST);
        assertEquals(List.of(), clock.waits());
    }
}
