package io.tcpwhy.capture;

import io.tcpwhy.OpenConnection;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks at the open connections now and then and says which are going wrong. A situation is
 * reported when it passes its threshold and again each time its duration doubles (5 s, 10 s,
 * 20 s, 40 s...): a leak is seen growing without flooding a terminal over hours.
 */
final class OpenConnectionWatch {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final AlertThresholds thresholds;
    /** Per connection id and situation: the duration at which it is reported next. */
    private final Map<Key, Long> nextAlertNanos = new HashMap<>();

    private record Key(int id, LiveAlert.Kind kind) {
    }

    OpenConnectionWatch(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * Whether a connection whose client and server are in these states can be in a situation
     * {@link #check} alerts on: the watch asks only for those (a snapshot of every open
     * connection, twice a second, was 3% of the analysis thread under load).
     */
    static boolean watched(TcpState client, TcpState server) {
        return client == TcpState.CLOSE_WAIT || server == TcpState.CLOSE_WAIT || client == TcpState.SYN_SENT
                || server == TcpState.SYN_RECEIVED;
    }

    /** The alerts due at {@code nowNanos} for these connections, the ones still open, with no frame lost. */
    List<LiveAlert> check(List<OpenConnection> open, long nowNanos) {
        return check(open, nowNanos, FrameLoss.NONE);
    }

    /**
     * The alerts due at {@code nowNanos} for these connections, the ones still open; an alert on a
     * connection that was open when frames were lost ({@code loss}) says that the frame that would
     * end the situation may be among them: in a burst of kernel drops a SYN-ACK or a FIN the
     * capture lost made connections that completed at once look unanswered or leaking.
     */
    List<LiveAlert> check(List<OpenConnection> open, long nowNanos, FrameLoss loss) {
        List<LiveAlert> due = new ArrayList<>();
        Set<Key> present = new HashSet<>();
        for (OpenConnection c : open) {
            situation(c, nowNanos, loss.touched(c), present, due);
        }
        nextAlertNanos.keySet().retainAll(present);
        return due;
    }

    private void situation(OpenConnection c, long now, boolean framesLost, Set<Key> present, List<LiveAlert> due) {
        if (c.serverState() == TcpState.CLOSE_WAIT) {
            closeWait(c, "server", c.server(), "client's", now - c.serverStateSinceNanos(), framesLost, present, due);
        }
        if (c.clientState() == TcpState.CLOSE_WAIT) {
            closeWait(c, "client", c.client(), "server's", now - c.clientStateSinceNanos(), framesLost, present, due);
        }
        if (c.clientState() == TcpState.SYN_SENT && c.serverState() != TcpState.SYN_RECEIVED) {
            long lasted = now - c.clientStateSinceNanos();
            report(c, LiveAlert.Kind.SYN_UNANSWERED, lasted, thresholds.synUnanswered().toNanos(), framesLost, present, due,
                    s -> "client " + c.client() + " has had no answer to its SYN to " + c.server() + " for " + s
                            + " s: nothing accepts it (a full accept queue, a firewall dropping it, or the host is down)");
        }
        if (c.serverState() == TcpState.SYN_RECEIVED) {
            long lasted = now - c.serverStateSinceNanos();
            report(c, LiveAlert.Kind.HALF_OPEN, lasted, thresholds.halfOpen().toNanos(), framesLost, present, due,
                    s -> "server " + c.server() + " answered the SYN of " + c.client() + " " + s
                            + " s ago and the handshake has not completed: half-open");
        }
    }

    private void closeWait(OpenConnection c, String role, Endpoint holder, String peer, long lasted, boolean framesLost,
                           Set<Key> present, List<LiveAlert> due) {
        report(c, LiveAlert.Kind.CLOSE_WAIT_LEAK, lasted, thresholds.closeWait().toNanos(), framesLost, present, due,
                s -> role + " " + holder + " has held the " + peer + " FIN for " + s + " s: CLOSE_WAIT leak in progress");
    }

    private void report(OpenConnection c, LiveAlert.Kind kind, long lastedNanos, long thresholdNanos, boolean framesLost,
                        Set<Key> present, List<LiveAlert> due, java.util.function.LongFunction<String> message) {
        Key key = new Key(c.id(), kind);
        present.add(key);
        long next = nextAlertNanos.getOrDefault(key, thresholdNanos);
        if (lastedNanos < next) {
            return;
        }
        long seconds = lastedNanos / NANOS_PER_SECOND;
        due.add(new LiveAlert(kind, c.id(), c.client(), c.server(), seconds, framesLost,
                message.apply(seconds) + (framesLost ? FrameLoss.CAVEAT : "")));
        long following = next;
        while (following <= lastedNanos) {
            following *= 2;
        }
        nextAlertNanos.put(key, following);
    }
}
