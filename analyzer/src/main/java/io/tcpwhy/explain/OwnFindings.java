package io.tcpwhy.explain;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a capture shows around an error the program caused itself: the connections on which
 * the logging side closed first (its own FIN or RST), best first, and the connections from
 * one host to the server the error names (for port exhaustion: how many, how many ended in
 * TIME_WAIT on that host's side). Gathered one report at a time; bounded.
 *
 * @param closes      connections where the logging side sent its own FIN or RST, best first (a few)
 * @param closeCount  how many such connections the capture holds
 * @param toward      the busiest host's connections to the server asked about, or null when there were none
 */
public record OwnFindings(List<OwnClose> closes, long closeCount, Toward toward) {

    /** The best few own closes kept. */
    static final int CLOSES_KEPT = 4;
    /** Linux holds a closed connection's port in TIME_WAIT this long (TCP_TIMEWAIT_LEN, include/net/tcp.h). */
    static final long TIME_WAIT_NANOS = 60_000_000_000L;
    /** Host-server pairs counted one by one; past this, only the totals grow (a scan must not grow memory). */
    static final int PAIRS_KEPT = 4096;

    public OwnFindings {
        closes = List.copyOf(closes);
    }

    /**
     * One connection where {@code side} closed first.
     *
     * @param close         the side's own first FIN or RST
     * @param lastBefore    the last segment before it (from either side), or null
     * @param distanceNanos from the close to the asked time; 0 when no time was asked
     */
    public record OwnClose(ConnectionReport report, Side side, SegmentEvidence close, SegmentEvidence lastBefore,
                           long distanceNanos, boolean pinned) {
    }

    /**
     * Connections from {@code host} to {@code server}.
     *
     * @param connections     how many the capture holds
     * @param timeWait        how many of them ended with {@code host}'s side in TIME_WAIT (it closed first)
     * @param answered        how many got any segment back from the server
     * @param timeWaitAtError how many of the TIME_WAIT ones ended within 60 s before the asked time (their ports
     *                        were still held when the error was logged); -1 when no time was asked
     * @param allConnections  connections to that server from every host
     * @param hosts           how many hosts connected to it
     */
    public record Toward(String host, String server, long connections, long timeWait, long answered,
                         long timeWaitAtError, long allConnections, long hosts) {
    }

    /** Gathers the findings for one query. */
    static final class Builder {
        private final Query query;
        private final List<OwnClose> closes = new ArrayList<>();
        private long closeCount;
        private final Map<String, long[]> pairs = new HashMap<>();
        private long towardAll;

        Builder(Query query) {
            this.query = query;
        }

        void accept(ConnectionReport r) {
            countToward(r);
            Side known = ConnectionSearch.knownSide(query, r);
            if (known == null && query.error().own() == null) {
                known = Side.CLIENT; // The fallback "socket hang up" is an HTTP client's own abort.
            }
            for (Side side : known != null ? List.of(known) : List.of(Side.CLIENT, Side.SERVER)) {
                if (!ConnectionSearch.passesFilters(query, r, side)) {
                    continue;
                }
                SegmentEvidence close = null;
                SegmentEvidence before = null;
                for (SegmentEvidence s : r.segments()) {
                    if (s.from() == side && (s.flags().contains("F") || s.flags().contains("R"))) {
                        close = s;
                        break;
                    }
                    before = s;
                }
                if (close == null || !closedFirst(r, side, close)) {
                    continue;
                }
                ErrorLine e = query.error();
                boolean pinned = e.local() != null && e.remote() != null
                        && r.endpoint(side).equals(e.local()) && r.endpoint(side.opposite()).equals(e.remote());
                long distance = query.atNanos() == null ? 0 : Math.abs(query.atNanos() - close.timeNanos());
                offer(new OwnClose(r, side, close, before, distance, pinned));
                closeCount++;
                break;
            }
        }

        /**
         * The side's FIN or RST came after the handshake and before any from the peer: it closed
         * on its own (a RST refusing a SYN is not a close of an open connection).
         */
        private static boolean closedFirst(ConnectionReport r, Side side, SegmentEvidence close) {
            boolean established = false;
            for (SegmentEvidence s : r.segments()) {
                if (s.frame() >= close.frame()) {
                    return established;
                }
                established |= s.flags().contains("S") && s.flags().contains(".");
                if (s.from() == side.opposite() && (s.flags().contains("F") || s.flags().contains("R"))) {
                    return false;
                }
            }
            return established;
        }

        private void offer(OwnClose c) {
            int at = closes.size();
            while (at > 0 && better(c, closes.get(at - 1))) {
                at--;
            }
            if (at < CLOSES_KEPT) {
                closes.add(at, c);
                if (closes.size() > CLOSES_KEPT) {
                    closes.remove(CLOSES_KEPT);
                }
            }
        }

        /** Pinned first, then nearest the asked time, then the latest close (an error follows its cause). */
        private static boolean better(OwnClose a, OwnClose b) {
            if (a.pinned() != b.pinned()) {
                return a.pinned();
            }
            if (a.distanceNanos() != b.distanceNanos()) {
                return a.distanceNanos() < b.distanceNanos();
            }
            return a.close().timeNanos() > b.close().timeNanos();
        }

        private void countToward(ConnectionReport r) {
            ErrorLine e = query.error();
            Endpoint remote = e.remote();
            int port = e.remotePort() >= 0 ? e.remotePort() : query.port();
            if ((remote != null && !r.server().equals(remote)) || (remote == null && port >= 0
                    && r.server().port() != port)) {
                return;
            }
            if (e.local() != null && !r.client().address().equals(e.local().address())) {
                return;
            }
            towardAll++;
            String key = r.client().address() + " " + r.server();
            long[] counts = pairs.get(key);
            if (counts == null) {
                if (pairs.size() >= PAIRS_KEPT) {
                    return;
                }
                counts = new long[4];
                pairs.put(key, counts);
            }
            counts[0]++;
            if (endedInTimeWait(r)) {
                counts[1]++;
                Long at = query.atNanos();
                if (at != null && r.endNanos() <= at && at - r.endNanos() < TIME_WAIT_NANOS) {
                    counts[3]++;
                }
            }
            for (SegmentEvidence s : r.segments()) {
                if (s.from() == Side.SERVER) {
                    counts[2]++;
                    break;
                }
            }
        }

        private static boolean endedInTimeWait(ConnectionReport r) {
            if (r.clientState() == TcpState.TIME_WAIT) {
                return true;
            }
            for (StateChange c : r.timeline()) {
                if (c.side() == Side.CLIENT && c.state() == TcpState.TIME_WAIT) {
                    return true;
                }
            }
            return false;
        }

        OwnFindings build() {
            Toward toward = null;
            String busiest = null;
            for (Map.Entry<String, long[]> p : pairs.entrySet()) {
                if (busiest == null || p.getValue()[0] > pairs.get(busiest)[0]
                        || (p.getValue()[0] == pairs.get(busiest)[0] && p.getKey().compareTo(busiest) < 0)) {
                    busiest = p.getKey();
                }
            }
            if (busiest != null) {
                long[] c = pairs.get(busiest);
                String[] hostServer = busiest.split(" ", 2);
                long hosts = pairs.keySet().stream().filter(k -> k.endsWith(" " + hostServer[1])).count();
                toward = new Toward(hostServer[0], hostServer[1], c[0], c[1], c[2],
                        query.atNanos() == null ? -1 : c[3], towardAll, hosts);
            }
            return new OwnFindings(closes, closeCount, toward);
        }
    }

}
