package io.tcpwhy.explain;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.net.ConnectionKey;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the connections a {@link Query} can be about and ranks them: the error's kind
 * first (the side's outcome has that result), then closeness in time, then order in the file.
 */
public final class ConnectionSearch {

    /** How many near misses a "no match" answer shows. */
    static final int NEAREST_SHOWN = 5;

    private ConnectionSearch() {
    }

    /**
     * @param matches connections that fit, best first (empty when none does)
     * @param nearest when none fits: the connections closest to the question, best first
     */
    public record Result(List<Candidate> matches, List<Candidate> nearest) {

        public Result {
            matches = List.copyOf(matches);
            nearest = List.copyOf(nearest);
        }

        public boolean found() {
            return !matches.isEmpty();
        }

        public Candidate best() {
            return matches.get(0);
        }
    }

    public static Result search(Query query, List<ConnectionReport> reports) {
        List<Candidate> matches = new ArrayList<>();
        List<Candidate> all = new ArrayList<>();
        for (ConnectionReport r : reports) {
            Candidate c = bestSide(query, r);
            all.add(c);
            if (passesFilters(query, r, c.side()) && (query.error() == null || c.fits())) {
                matches.add(c);
            }
        }
        Comparator<Candidate> rank = Comparator.comparing(Candidate::pinned).reversed()
                .thenComparing(Comparator.comparingInt(Candidate::kind).reversed())
                .thenComparingLong(Candidate::distanceNanos)
                .thenComparing(c -> !c.report().isProblem())
                .thenComparingInt(c -> c.report().id());
        matches.sort(rank);
        List<Candidate> nearest = new ArrayList<>();
        if (matches.isEmpty()) {
            all.sort(Comparator.comparingInt((Candidate c) -> addressAffinity(query, c.report())).reversed()
                    .thenComparing(rank));
            nearest = all.subList(0, Math.min(NEAREST_SHOWN, all.size()));
        }
        return new Result(matches, nearest);
    }

    private static Candidate bestSide(Query q, ConnectionReport r) {
        ErrorLine e = q.error();
        boolean pinned = e != null && e.local() != null && e.remote() != null
                && ConnectionKey.of(e.local(), e.remote()).equals(ConnectionKey.of(r.client(), r.server()));
        Side known = knownSide(q, r);
        List<Side> sides = known != null ? List.of(known) : List.of(Side.CLIENT, Side.SERVER);
        Candidate best = null;
        for (Side side : sides) {
            Outcome outcome = fittingOutcome(r, side, e);
            int kind = e == null ? (outcome != null ? Candidate.EXACT : Candidate.NONE) : kind(r, side, e, outcome);
            long when = outcome != null ? frameTime(r, outcome.frame()) : r.endNanos();
            long distance = q.atNanos() == null ? 0 : distance(r, outcome != null, when, q.atNanos());
            Candidate c = new Candidate(r, side, outcome, kind, distance, pinned);
            if (best == null || c.kind() > best.kind()
                    || (c.kind() == best.kind() && c.distanceNanos() < best.distanceNanos())) {
                best = c;
            }
        }
        if (known == null && best.kind() == Candidate.NONE) {
            best = new Candidate(r, null, null, Candidate.NONE, best.distanceNanos(), pinned);
        }
        return best;
    }

    /** The side the question names: {@code --side}, Go's local address, or the dialing client. */
    private static Side knownSide(Query q, ConnectionReport r) {
        if (q.side() != null) {
            return q.side();
        }
        ErrorLine e = q.error();
        if (e == null) {
            return null;
        }
        if (e.local() != null) {
            return e.local().equals(r.client()) ? Side.CLIENT : e.local().equals(r.server()) ? Side.SERVER : null;
        }
        return e.call() == SocketCall.CONNECT || e.result() == CallResult.ECONNREFUSED ? Side.CLIENT : null;
    }

    private static boolean passesFilters(Query q, ConnectionReport r, Side side) {
        if (q.conn() != null && !q.conn().equals(ConnectionKey.of(r.client(), r.server()))) {
            return false;
        }
        if (q.port() >= 0 && r.client().port() != q.port() && r.server().port() != q.port()) {
            return false;
        }
        if (q.side() != null && side != q.side()) {
            return false;
        }
        ErrorLine e = q.error();
        if (e == null) {
            return true;
        }
        if (e.local() != null && !(r.client().equals(e.local()) || r.server().equals(e.local()))) {
            return false;
        }
        if (e.local() != null && side == null) {
            return false;
        }
        Endpoint peer = side == null ? null : r.endpoint(side.opposite());
        if (e.remote() != null && peer != null && !peer.equals(e.remote())) {
            return false;
        }
        return e.remotePort() < 0 || peer == null || peer.port() == e.remotePort();
    }

    /**
     * The side's outcome that answers the question: one with the error's result, else one the
     * runtime reports under that name; with no error text, its first failure other than EOF,
     * else its EOF.
     */
    static Outcome fittingOutcome(ConnectionReport r, Side side, ErrorLine e) {
        Outcome compatible = null;
        for (Outcome o : r.outcomes()) {
            if (o.side() != side || o.result() == CallResult.OK) {
                continue;
            }
            if (e == null) {
                if (o.result() != CallResult.EOF) {
                    return o;
                }
                compatible = compatible == null ? o : compatible;
                continue;
            }
            if (o.result() == e.result() && (e.call() == null || e.call() == o.call())) {
                return o;
            }
            if (compatible == null && compatible(e, o.result())) {
                compatible = o;
            }
        }
        return compatible;
    }

    private static int kind(ConnectionReport r, Side side, ErrorLine e, Outcome outcome) {
        if (outcome != null) {
            return outcome.result() == e.result() ? Candidate.EXACT : Candidate.COMPATIBLE;
        }
        if (e.result() == CallResult.ETIMEDOUT && timedOutWaiting(r, side)) {
            return Candidate.COMPATIBLE;
        }
        return Candidate.NONE;
    }

    /**
     * Runtimes name one kernel event differently: a write after RST is EPIPE on Linux but
     * ECONNRESET on the first write and always on Windows; an abort (10053) is a reset.
     */
    private static boolean compatible(ErrorLine e, CallResult captured) {
        return (e.result() == CallResult.ECONNRESET && captured == CallResult.EPIPE && e.call() != SocketCall.READ)
                || (e.result() == CallResult.EPIPE && captured == CallResult.ECONNRESET);
    }

    /** A deadline or read timeout is invisible on the wire; its mark is a side that waited, then closed. */
    static boolean timedOutWaiting(ConnectionReport r, Side side) {
        for (Annotation a : r.annotations()) {
            if (a instanceof Annotation.IdleBeforeClose idle && idle.side() == side) {
                return true;
            }
        }
        DiagnosisCode code = r.diagnosis().code();
        return (code == DiagnosisCode.SYN_UNANSWERED && side == Side.CLIENT) || code == DiagnosisCode.OPEN
                || code == DiagnosisCode.HANDSHAKE_INCOMPLETE;
    }

    private static long distance(ConnectionReport r, boolean atEvent, long when, long at) {
        if (atEvent) {
            return Math.abs(when - at);
        }
        if (at >= r.startNanos() && at <= r.endNanos()) {
            return 0;
        }
        return Math.min(Math.abs(at - r.startNanos()), Math.abs(at - r.endNanos()));
    }

    static long frameTime(ConnectionReport r, long frame) {
        for (SegmentEvidence s : r.segments()) {
            if (s.frame() == frame) {
                return s.timeNanos();
            }
        }
        return r.endNanos();
    }

    /** For near misses: how many of the error's addresses and ports the connection shares. */
    private static int addressAffinity(Query q, ConnectionReport r) {
        int score = 0;
        ErrorLine e = q.error();
        List<Integer> ports = new ArrayList<>();
        if (q.port() >= 0) {
            ports.add(q.port());
        }
        if (e != null) {
            for (Endpoint ep : new Endpoint[] {e.local(), e.remote()}) {
                if (ep != null) {
                    score += r.client().equals(ep) || r.server().equals(ep) ? 2 : 0;
                    ports.add(ep.port());
                }
            }
            if (e.remotePort() >= 0) {
                ports.add(e.remotePort());
            }
        }
        for (int p : ports) {
            score += r.client().port() == p || r.server().port() == p ? 1 : 0;
        }
        return score;
    }
}
