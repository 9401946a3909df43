package io.tcpwhy.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.OpenConnection;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenConnectionWatchTest {

    private static final long S = 1_000_000_000L;
    private static final Endpoint CLIENT = Endpoint.parse("127.0.0.1:40000");
    private static final Endpoint SERVER = Endpoint.parse("127.0.0.1:8081");

    private final OpenConnectionWatch watch = new OpenConnectionWatch(AlertThresholds.DEFAULT);

    private static OpenConnection conn(int id, TcpState client, long clientSince, TcpState server, long serverSince) {
        return new OpenConnection(id, CLIENT, SERVER, client, server, clientSince, serverSince, 0, Math.max(clientSince, serverSince));
    }

    /** Every alert from checking once a second up to {@code seconds}. */
    private List<LiveAlert> watchFor(OpenConnection c, int seconds) {
        List<LiveAlert> all = new ArrayList<>();
        for (int t = 0; t <= seconds; t++) {
            all.addAll(watch.check(List.of(c), t * S));
        }
        return all;
    }

    @Test
    void closeWait_atTheThresholdThenEachTimeItDoubles() {
        List<LiveAlert> alerts = watchFor(conn(1, TcpState.FIN_WAIT_2, 0, TcpState.CLOSE_WAIT, 0), 45);
        assertEquals(List.of(5L, 10L, 20L, 40L), alerts.stream().map(LiveAlert::seconds).toList());
        assertEquals("server 127.0.0.1:8081 has held the client's FIN for 40 s: CLOSE_WAIT leak in progress",
                alerts.get(3).message());
    }

    @Test
    void closeWaitOnTheClientSide_namesTheClient() {
        List<LiveAlert> alerts = watchFor(conn(1, TcpState.CLOSE_WAIT, 0, TcpState.FIN_WAIT_2, 0), 6);
        assertEquals("client 127.0.0.1:40000 has held the server's FIN for 5 s: CLOSE_WAIT leak in progress",
                alerts.get(0).message());
    }

    @Test
    void unansweredSyn_afterThreeSeconds() {
        List<LiveAlert> alerts = watchFor(conn(2, TcpState.SYN_SENT, 0, TcpState.UNKNOWN, 0), 3);
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(LiveAlert.Kind.SYN_UNANSWERED, alerts.get(0).kind());
        assertTrue(alerts.get(0).message().startsWith("client 127.0.0.1:40000 has had no answer to its SYN to 127.0.0.1:8081 for 3 s"),
                alerts.get(0).message());
    }

    @Test
    void halfOpen_afterTenSeconds() {
        List<LiveAlert> alerts = watchFor(conn(3, TcpState.SYN_SENT, 0, TcpState.SYN_RECEIVED, 0), 10);
        assertEquals(List.of(LiveAlert.Kind.HALF_OPEN), alerts.stream().map(LiveAlert::kind).toList());
    }

    @Test
    void anAlertOnAConnectionOpenWhenFramesWereLost_saysTheLostFramesMayEndIt() {
        OpenConnection before = new OpenConnection(6, CLIENT, SERVER, TcpState.SYN_SENT, TcpState.UNKNOWN, 0, 0, 0, 0);
        OpenConnection after = new OpenConnection(7, CLIENT, SERVER, TcpState.SYN_SENT, TcpState.UNKNOWN, 2 * S, 2 * S,
                2 * S, 2 * S);
        // Frames were lost when the newest frame analysed was 1 s in: the first was open then.
        List<LiveAlert> alerts = watch.check(List.of(before, after), 6 * S, new FrameLoss(S));
        assertEquals(List.of(true, false), alerts.stream().map(LiveAlert::framesLost).toList(), alerts.toString());
        assertTrue(alerts.get(0).message().endsWith(FrameLoss.CAVEAT), alerts.get(0).message());
        assertEquals("client 127.0.0.1:40000 has had no answer to its SYN to 127.0.0.1:8081 for 4 s: nothing accepts it"
                + " (a full accept queue, a firewall dropping it, or the host is down)", alerts.get(1).message());
    }

    @Test
    void establishedConnections_areNeverAlerted() {
        assertTrue(watchFor(conn(4, TcpState.ESTABLISHED, 0, TcpState.ESTABLISHED, 0), 100).isEmpty());
    }

    @Test
    void aConnectionThatCloses_isForgottenAndAFreshOneUnderTheSameIdStartsAgain() {
        OpenConnection leak = conn(5, TcpState.FIN_WAIT_2, 0, TcpState.CLOSE_WAIT, 0);
        assertEquals(1, watch.check(List.of(leak), 6 * S).size());
        assertTrue(watch.check(List.of(), 7 * S).isEmpty());
        assertEquals(1, watch.check(List.of(conn(5, TcpState.FIN_WAIT_2, 7 * S, TcpState.CLOSE_WAIT, 7 * S)), 13 * S).size(),
                "a new leak is told at its own threshold");
    }

    @Test
    void everyPairOfStatesThatCanAlertIsWatched() {
        int alerting = 0;
        for (TcpState client : TcpState.values()) {
            for (TcpState server : TcpState.values()) {
                OpenConnectionWatch fresh = new OpenConnectionWatch(AlertThresholds.DEFAULT);
                boolean alerts = !fresh.check(List.of(conn(9, client, 0, server, 0)), 3600 * S).isEmpty();
                if (alerts) {
                    alerting++;
                    assertTrue(OpenConnectionWatch.watched(client, server),
                            client + "/" + server + " alerts after an hour but the watch does not ask for it");
                }
            }
        }
        assertTrue(alerting > 0, "no pair of states alerted: the check above tested nothing");
    }
}
