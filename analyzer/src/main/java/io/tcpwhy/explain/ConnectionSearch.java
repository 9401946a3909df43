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
import java.util.function.Consumer;

/**
 * Finds the connections a {@link Query} can be about and ranks them: the error's kind
 * first (the side's outcome has that result), then how much more the capture backs the
 * text, then closeness in time, then order in the file. It sees each report once, as the
 * analysis hands it out, and keeps only the best few: memory does not grow with the file.
 */
public final class ConnectionSearch {

    /** How many near misses a "no match" answer shows. */
    static final int NEAREST_SHOWN = 5;
    /** How many other matches an answer lists under "also matching"; the rest are counted. */
    public static final int OTHERS_SHOWN = 3;

    private ConnectionSearch() {
    }

    /**
     * @param matches     connections that fit, best first: at most {@link #OTHERS_SHOWN} + 1 (empty when none does)
     * @param matchCount  how many connections fit in all
     * @param nearest     when none fits: the connections closest to the question, best first
     * @param connections how many connections the capture held
     * @param own         for a text caused by the program's own action: what the capture shows around it, else null
     */
    public record Result(List<Candidate> matches, long matchCount, List<Candidate> nearest, long connections,
                         OwnFindings own) {

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

        /** The matches after the best, as many as are shown. */
        public List<Candidate> others() {
            return matches.isEmpty() ? List.of() : matches.subList(1, matches.size());
        }

        /** Matches beyond those kept: the "N more" of "also matching". */
        public long moreMatches() {
            return matchCount - matches.size();
        }
    }

    /** Searches a list of reports (tests, small inputs); {@link Collector} does the same one report at a time. */
    public static Result search(Query query, List<ConnectionReport> reports) {
        Collector c = new Collector(query);
        reports.forEach(c);
        return c.result();
    }

    /** Takes reports in any order as the analysis hands them out; keeps only what the answer can show. */
    public static final class Collector implements Consumer<ConnectionReport> {

        private final Query query;
        private final Comparator<Candidate> rank;
        private final Best matches;
        private final Best nearest;
        private final OwnFindings.Builder own;
        private long matchCount;
        private long connections;

        public Collector(Query query) {
            this.query = query;
            this.rank = Comparator.comparing(Candidate::pinned).reversed()
                    .thenComparing(Comparator.comparingInt(Candidate::kind).reversed())
                    .thenComparing(Comparator.comparingInt(Candidate::support).reversed())
                    .thenComparingLong(Candidate::distanceNanos)
                    .thenComparing(c -> !c.report().isProblem())
                    .thenComparingInt(c -> c.report().id());
            this.matches = new Best(OTHERS_SHOWN + 1, rank);
            this.nearest = new Best(NEAREST_SHOWN, Comparator.comparingInt(
                    (Candidate c) -> addressAffinity(query, c.report())).reversed().thenComparing(rank));
            ErrorLine e = query.error();
            this.own = e != null && (e.own() != null || e.fallback() != null) ? new OwnFindings.Builder(query) : null;
        }

        @Override
        public void accept(ConnectionReport r) {
            connections++;
            if (own != null) {
                own.accept(r);
            }
            ErrorLine e = query.error();
            if (e != null && e.result() == null) {
                return; // An own action: nothing on the wire to match; the findings say what surrounds it.
            }
            Candidate c = bestSide(query, r);
            if (passesFilters(query, r, c.side()) && (e == null || c.fits())) {
                matchCount++;
                matches.offer(c);
            } else if (matchCount == 0) {
                nearest.offer(c);
            }
        }

        public Result result() {
            return new Result(matches.list(), matchCount, matchCount == 0 ? nearest.list() : List.of(), connections,
                    own == null ? null : own.build());
        }
    }

    /** The best {@code size} candidates seen so far, best first; insertion keeps the list sorted. */
    private static final class Best {
        private final int size;
        private final Comparator<Candidate> order;
        private final List<Candidate> kept = new ArrayList<>();

        Best(int size, Comparator<Candidate> order) {
            this.size = size;
            this.order = order;
        }

        void offer(Candidate c) {
            int at = kept.size();
            while (at > 0 && order.compare(c, kept.get(at - 1)) < 0) {
                at--;
            }
            if (at < size) {
                kept.add(at, c);
                if (kept.size() > size) {
                    kept.remove(size);
                }
            }
        }

        List<Candidate> list() {
            return kept;
        }
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
            int support = e == null ? 0 : support(r, side, e, outcome);
            long when = outcome != null ? frameTime(r, outcome.frame()) : r.endNanos();
            long distance = q.atNanos() == null ? 0 : distance(r, outcome != null, when, q.atNanos());
            Candidate c = new Candidate(r, side, outcome, kind, support, distance, pinned);
            if (best == null || c.kind() > best.kind()
                    || (c.kind() == best.kind() && c.support() > best.support())
                    || (c.kind() == best.kind() && c.support() == best.support()
                    && c.distanceNanos() < best.distanceNanos())) {
                best = c;
            }
        }
        if (known == null && best.kind() == Candidate.NONE) {
            best = new Candidate(r, null, null, Candidate.NONE, 0, best.distanceNanos(), pinned);
        }
        return best;
    }

    /** The side the question names: {@code --side}, Go's local address, or the dialing client. */
    static Side knownSide(Query q, ConnectionReport r) {
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

    static boolean passesFilters(Query q, ConnectionReport r, Side side) {
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
        Outcome exactOtherCall = null;
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
            if (o.result() == e.result() && exactOtherCall == null) {
                exactOtherCall = o;
            }
            if (compatible == null && compatible(e, o.result())) {
                compatible = o;
            }
        }
        return compatible != null ? compatible : exactOtherCall;
    }

    private static int kind(ConnectionReport r, Side side, ErrorLine e, Outcome outcome) {
        if (outcome != null) {
            return outcome.result() == e.result() ? Candidate.EXACT : Candidate.COMPATIBLE;
        }
        if (e.result() == CallResult.ETIMEDOUT && timedOutWaiting(r, side)) {
            return Candidate.COMPATIBLE;
        }
        if (e.fits().contains(r.diagnosis().code()) && side == Explainer.affectedSide(r)) {
            return Candidate.COMPATIBLE;
        }
        return Candidate.NONE;
    }

    /**
     * Beyond the result: a broken pipe or reset on a write whose own data drew the RST is the
     * write that failed, not only a prediction for the next one; a diagnosis the text typically
     * goes with (a "socket hang up" on a stale pooled connection) backs it too.
     */
    private static int support(ConnectionReport r, Side side, ErrorLine e, Outcome outcome) {
        int s = 0;
        if (outcome != null && outcome.call() == SocketCall.WRITE && writeDrewReset(r, side, outcome.frame())) {
            s++;
        }
        if (e.fits().contains(r.diagnosis().code())) {
            s++;
        }
        return s;
    }

    /** The RST in {@code rstFrame} answered {@code side}'s own data: the segment before it is that side's write. */
    static boolean writeDrewReset(ConnectionReport r, Side side, long rstFrame) {
        SegmentEvidence before = null;
        for (SegmentEvidence s : r.segments()) {
            if (s.frame() == rstFrame) {
                return s.from() == side.opposite() && s.flags().contains("R") && before != null
                        && before.from() == side && before.payloadLength() > 0;
            }
            before = s;
        }
        return false;
    }

    /**
     * Runtimes name one kernel event differently: a write after RST is EPIPE on Linux but
     * ECONNRESET on the first write and always on Windows; an abort (10053) is a reset; many
     * programs report the peer's FIN and its RST with one text.
     */
    private static boolean compatible(ErrorLine e, CallResult captured) {
        return (e.result() == CallResult.ECONNRESET && captured == CallResult.EPIPE && e.call() != SocketCall.READ)
                || (e.result() == CallResult.EPIPE && captured == CallResult.ECONNRESET)
                || (e.closeOrReset() && (captured == CallResult.ECONNRESET || captured == CallResult.EOF));
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
                || code == DiagnosisCode.HANDSHAKE_INCOMPLETE
                || (code == DiagnosisCode.PEER_UNREACHABLE && side == Explainer.affectedSide(r));
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
