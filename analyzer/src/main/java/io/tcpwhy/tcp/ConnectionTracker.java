package io.tcpwhy.tcp;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.Side;
import io.tcpwhy.net.ConnectionKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Splits a capture's TCP segments into connections the way Zeek does and hands each
 * connection out, with Zeek's {@code conn_state} and {@code history}, as soon as Zeek
 * would let go of it: after its close or reset delay, when a new SYN takes over its
 * 4-tuple, after its inactivity timeout, or at {@link #finish()}. All time is capture
 * time (segment timestamps), so the result does not depend on how fast the file is read,
 * and memory grows with the connections open at once, not with the file.
 *
 * <p>Feed segments in capture order. Not thread-safe.
 */
public final class ConnectionTracker<O extends ConnectionObserver> {

    /** Keys of recently ended connections kept to notice port reuse; bounded so memory stays flat. */
    private static final int REUSE_MEMORY = 100_000;

    private final ObserverFactory<O> observers;
    private final Consumer<TrackedConnection<O>> finished;
    private final Map<ConnectionKey, Tracked<O>> open = new HashMap<>();
    private final PriorityQueue<Due> timers = new PriorityQueue<>();
    private final Map<ConnectionKey, Boolean> ended = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ConnectionKey, Boolean> eldest) {
            return size() > REUSE_MEMORY;
        }
    };
    private final Clock clock = new Clock();
    private long now = Long.MIN_VALUE;
    private long timerOrder;
    private int nextId = 1;

    public ConnectionTracker(ObserverFactory<O> observers, Consumer<TrackedConnection<O>> finished) {
        if (observers == null || finished == null) {
            throw new IllegalArgumentException("tracker needs an observer factory and a consumer");
        }
        this.observers = observers;
        this.finished = finished;
    }

    /** Takes the next segment of the capture. */
    public void onSegment(TcpSegment segment) {
        // Like Zeek's network time, the capture clock never runs backwards.
        now = Math.max(now, segment.timeNanos());
        runTimersUpTo(now);

        ConnectionKey key = ConnectionKey.of(segment.src(), segment.dst());
        Tracked<O> conn = open.get(key);
        boolean reuse = false;
        if (conn != null && conn.session.isReuse(segment)) {
            handOut(conn);
            conn = null;
            reuse = true;
        }
        if (conn == null) {
            conn = create(key, segment, reuse || ended.containsKey(key));
        }

        int flipsBefore = conn.session.flips();
        conn.session.process(segment, conn.session.isOrigSender(segment));
        if (conn.session.flips() != flipsBefore) {
            conn.observer.rolesFlipped();
        }
        conn.lastFrame = segment.frame();
        conn.endNanos = segment.timeNanos();
        conn.observer.onSegment(segment, conn.session.isOrigSender(segment) ? Side.CLIENT : Side.SERVER);
    }

    /** End of capture: hands out every connection still held, in id order. */
    public void finish() {
        List<Tracked<O>> rest = new ArrayList<>(open.values());
        rest.sort(Comparator.comparingInt(c -> c.id));
        for (Tracked<O> c : rest) {
            handOut(c);
        }
        timers.clear();
    }

    /** Connections held right now. */
    public int openConnections() {
        return open.size();
    }

    private Tracked<O> create(ConnectionKey key, TcpSegment first, boolean portReuse) {
        ZeekSession session = new ZeekSession(clock, first.src(), first.dst(), first.timeNanos());
        if (ZeekSession.flipAtStart(first)) {
            session.flipRoles();
        }
        O observer = observers.create(session.origAddr, session.respAddr);
        Tracked<O> conn = new Tracked<>(nextId++, key, session, observer, portReuse, first.frame(), first.timeNanos());
        open.put(key, conn);
        conn.session.start(first.timeNanos());
        return conn;
    }

    private void runTimersUpTo(long t) {
        while (!timers.isEmpty() && timers.peek().atNanos() <= t) {
            Due due = timers.poll();
            Tracked<O> conn = byTimer(due);
            if (conn != null) {
                conn.session.onTimer(due.timer(), due.atNanos());
            }
        }
    }

    /** The connection a timer belongs to, or null when the connection is gone or the timer was cancelled. */
    private Tracked<O> byTimer(Due due) {
        Tracked<O> conn = open.get(due.key());
        if (conn == null || conn.id != due.connectionId()) {
            return null;
        }
        boolean current = switch (due.timer()) {
            case INACTIVITY -> due.epoch() == conn.session.inactivityEpoch;
            default -> due.epoch() == conn.session.analyzerEpoch;
        };
        return current ? conn : null;
    }

    private void handOut(Tracked<O> c) {
        open.remove(c.key);
        ended.put(c.key, Boolean.TRUE);
        ZeekSession s = c.session;
        finished.accept(new TrackedConnection<>(c.id, s.origAddr, s.respAddr, s.rolesInferred(), c.portReuse,
                c.firstFrame, c.lastFrame, c.startNanos, c.endNanos, s.orig.size(), s.resp.size(), s.summary(),
                java.util.List.of(io.tcpwhy.model.ZeekRecord.of(s.summary(), s.origAddr, s.respAddr, c.startNanos,
                        c.firstFrame)), c.observer));
    }

    private final class Clock implements ZeekSession.Clock {
        @Override
        public void schedule(ZeekSession session, ZeekSession.Timer timer, long atNanos) {
            int epoch = timer == ZeekSession.Timer.INACTIVITY ? session.inactivityEpoch : session.analyzerEpoch;
            ConnectionKey key = ConnectionKey.of(session.origAddr, session.respAddr);
            Tracked<O> conn = open.get(key);
            if (conn == null || conn.session != session) {
                return; // the session is no longer tracked: nothing for the timer to do
            }
            // Cancelled timers stay queued until due (up to the inactivity timeout), so a timer
            // names its connection by id: holding the session would keep every ended
            // connection's state alive for minutes of capture time.
            timers.add(new Due(atNanos, timerOrder++, key, conn.id, timer, epoch));
        }

        @Override
        public void remove(ZeekSession session) {
            Tracked<O> conn = open.get(ConnectionKey.of(session.origAddr, session.respAddr));
            if (conn != null && conn.session == session) {
                handOut(conn);
            }
        }
    }

    /** A timer: due at {@code atNanos}, ties broken by the order they were set, as Zeek's timer queue does. */
    private record Due(long atNanos, long order, ConnectionKey key, int connectionId, ZeekSession.Timer timer,
                       int epoch) implements Comparable<Due> {

        @Override
        public int compareTo(Due o) {
            int c = Long.compare(atNanos, o.atNanos);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private static final class Tracked<O extends ConnectionObserver> {
        final int id;
        final ConnectionKey key;
        final ZeekSession session;
        final O observer;
        final boolean portReuse;
        final long firstFrame;
        final long startNanos;
        long lastFrame;
        long endNanos;

        Tracked(int id, ConnectionKey key, ZeekSession session, O observer, boolean portReuse, long firstFrame,
                long startNanos) {
            this.id = id;
            this.key = key;
            this.session = session;
            this.observer = observer;
            this.portReuse = portReuse;
            this.firstFrame = firstFrame;
            this.startNanos = startNanos;
            this.lastFrame = firstFrame;
            this.endNanos = startNanos;
        }
    }
}
