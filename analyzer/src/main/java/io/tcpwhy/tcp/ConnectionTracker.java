package io.tcpwhy.tcp;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.decode.Tunnel;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a capture's TCP segments into connections, one per socket pair's life: the same
 * 4-tuple and the same sequence space, whatever the gaps. SYN retransmissions, segments
 * after any idle time and segments right after a close belong to the connection; a new SYN
 * with a new ISN starts a new one (port reuse). Inside each connection Zeek's TCP analysis
 * runs as Zeek runs it, timers included, so the connection carries every conn.log record
 * Zeek would write for it ({@link ZeekRecord}).
 *
 * <p>A connection is handed out once it has ended (both FINs, or a reset) and either Zeek
 * has let go of it or {@link TrackerSettings#verdictDelayNanos()} has passed since the end;
 * a connection that never ends is handed out at {@link #finish()}, or early with
 * {@link #evicted} set when more than {@link TrackerSettings#maxOpen()} are open at once (the
 * least recently active first). So memory grows with the connections open at once, not
 * with the file. Time is capture time, advanced by segments and by {@link #advanceTo}; it
 * never runs backwards, and a timestamp beyond {@link #MAX_TIME} is taken as that.
 *
 * <p>Feed segments in capture order. Not thread-safe.
 */
public final class ConnectionTracker<O extends ConnectionObserver> {

    /** About year 2116: far beyond any real capture, far below where adding a timeout overflows. */
    public static final long MAX_TIME = 1L << 62;
    /** Keys of recently ended connections kept to tell port reuse and late segments; bounded so memory stays flat. */
    private static final int ENDED_MEMORY = 100_000;
    /** How far from an ended connection's last sequence number a segment still counts as its own. */
    private static final long LATE_SEQ_SPAN = 1L << 24;
    /** Timers one connection may fire in one step of the clock; far more than Zeek's rules ever chain. */
    private static final int MAX_FIRINGS = 64;
    private static final long NONE = Long.MIN_VALUE;
    private static final ZeekSession.Timer[] TIMERS = ZeekSession.Timer.values();

    private final ObserverFactory<O> observers;
    private final Consumer<TrackedConnection<O>> finished;
    private final TrackerSettings settings;
    /** Connections held whose Zeek session runs, or that ended and wait to be handed out: the ones segments come for. */
    private final FlowTable<Conn> open = new FlowTable<>();
    /**
     * Connections held that Zeek has let go of without their ending (a SYN never answered,
     * a CLOSE_WAIT held, an idle connection): kept apart so that the table every segment
     * probes stays small while thousands of these wait for a segment that may never come.
     * A segment for one moves it back.
     */
    private final FlowTable<Conn> dormant = new FlowTable<>();
    private final TimerWheel wheel = new TimerWheel();
    /** Least recently active first: the eviction order. */
    private final Conn lru = new Conn();
    private final FlowTable<Ended> ended = new FlowTable<>();
    /**
     * What {@link #ended} holds, oldest first, to forget the oldest past {@link #ENDED_MEMORY}.
     * An entry superseded by a later end on the same 4-tuple stays here until its turn
     * (and then forgets nothing), so at most that many are remembered.
     */
    private final java.util.ArrayDeque<Ended> endedOrder = new java.util.ArrayDeque<>();
    /** Connections that ended and wait for their verdict delay, in order of ending. */
    private final java.util.ArrayDeque<Conn> endedWaiting = new java.util.ArrayDeque<>();
    private long now = Long.MIN_VALUE;
    private int nextId = 1;
    private long drops;
    /** Within {@link #finish}: connections handed out need no memory of their end. */
    private boolean finishing;

    public ConnectionTracker(ObserverFactory<O> observers, Consumer<TrackedConnection<O>> finished) {
        this(observers, TrackerSettings.FILES, finished);
    }

    public ConnectionTracker(ObserverFactory<O> observers, TrackerSettings settings,
                             Consumer<TrackedConnection<O>> finished) {
        if (observers == null || finished == null || settings == null) {
            throw new IllegalArgumentException("tracker needs an observer factory, settings and a consumer");
        }
        this.observers = observers;
        this.settings = settings;
        this.finished = finished;
        lru.lruPrev = lru;
        lru.lruNext = lru;
    }

    /** Takes the next segment of the capture. */
    public void onSegment(TcpSegment segment) {
        long t = clamp(segment.timeNanos());
        advanceTo(t);
        if (segment.timeNanos() != now) {
            // Out of order or absurd: the segment is taken as seen now, so time never runs backwards.
            segment = atTime(segment, now);
        }
        Conn conn = open.get(segment.src(), segment.dst());
        if (conn == null && dormant.size() > 0) {
            conn = dormant.remove(segment.src(), segment.dst());
            if (conn != null) {
                open.put(conn.client, conn.server, conn);
                conn.home = open;
            }
        }
        if (conn != null && startsNewConnection(conn, segment)) {
            handOut(conn);
            conn = null;
        }
        if (conn == null) {
            conn = create(segment, ended.get(segment.src(), segment.dst()));
        }
        conn.take(segment);
        touch(conn);
        conn.checkEnded();
        if (openConnections() > settings.maxOpen()) {
            evictLeastRecent();
        }
    }

    /**
     * Time passes to {@code nanos} with no segment (a live capture's wall clock): timers
     * due by then fire and connections whose verdict is due are handed out.
     */
    public void advanceTo(long nanos) {
        long t = clamp(nanos);
        if (t <= now) {
            return;
        }
        now = t;
        for (TimerWheel.Entry e = wheel.takeDue(now); e != null; ) {
            TimerWheel.Entry next = e.dueNext(); // read first: firing may arm e again
            ((Conn) e).fireDue();
            e = next;
        }
        while (!endedWaiting.isEmpty()) {
            Conn c = endedWaiting.peekFirst();
            if (!c.isOpen()) {
                endedWaiting.pollFirst();
            } else if (c.endedAt + settings.verdictDelayNanos() <= now
                    && c.endedAt <= MAX_TIME - settings.verdictDelayNanos()) {
                endedWaiting.pollFirst();
                handOut(c);
            } else {
                break;
            }
        }
    }

    /** The capture lost {@code frames} frames now: every connection open now will say so. */
    public void framesDropped(long frames) {
        if (frames <= 0) {
            return;
        }
        drops += frames;
        open.forEach(c -> c.droppedWhileOpen += frames);
        dormant.forEach(c -> c.droppedWhileOpen += frames);
    }

    /**
     * End of capture: hands out every connection still held, in id order. Nothing is
     * remembered of them for late segments or port reuse, since no segment comes after
     * the end (on a capture with thousands of never-ended connections that memory was a
     * cache miss or two per connection for nothing).
     */
    public void finish() {
        finishing = true;
        List<Conn> rest = new ArrayList<>(openConnections());
        open.forEach(rest::add);
        dormant.forEach(rest::add);
        // In id order, sorted as numbers (id, then place in the list): a comparator over the
        // objects brought TimSort's merges to the JIT, a twentieth of its compiled code.
        long[] order = new long[rest.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = (long) rest.get(i).id << 32 | i;
        }
        Arrays.sort(order);
        for (long o : order) {
            handOut(rest.get((int) o));
        }
        endedWaiting.clear();
        finishing = false;
    }

    /** Connections held right now. */
    public int openConnections() {
        return open.size() + dormant.size();
    }

    /** Capture time as the tracker knows it: the latest segment or {@link #advanceTo} time. */
    public long now() {
        return now;
    }

    /** Each connection held right now, in no particular order. */
    public void forEachOpen(Consumer<OpenView<O>> action) {
        Consumer<Conn> view = c -> action.accept(new OpenView<>(c.id, c.client, c.server, c.startNanos, c.endNanos,
                c.observer));
        open.forEach(view);
        dormant.forEach(view);
    }

    /** A connection still open, as {@link #forEachOpen} shows it. */
    public record OpenView<O>(int id, Endpoint client, Endpoint server, long startNanos, long lastNanos,
                              O observer) {
    }

    private static long clamp(long nanos) {
        return Math.max(0, Math.min(nanos, MAX_TIME));
    }

    private long max(long a) {
        return Math.max(a, now);
    }

    private static TcpSegment atTime(TcpSegment s, long t) {
        return new TcpSegment(s.frame(), t, s.src(), s.dst(), s.seq(), s.ack(), s.flags(), s.window(),
                s.payloadLength(), s.capturedPayload(), s.ipLength(), s.ttl(), s.ipId(), s.options(), s.tunnel());
    }

    /**
     * Whether {@code s}, on {@code conn}'s 4-tuple, belongs to a new socket pair: a SYN
     * that Zeek takes for reuse while its session runs, or, once Zeek has let go, a SYN
     * whose ISN is not the one this connection opened with (or any SYN after it ended).
     */
    private boolean startsNewConnection(Conn conn, TcpSegment s) {
        if (!s.syn()) {
            return false;
        }
        if (conn.session != null) {
            return conn.session.isReuse(s);
        }
        if (conn.endedAt != NONE) {
            return true;
        }
        long isn = s.ackFlag() ? conn.serverIsn : conn.clientIsn;
        return isn != NONE && isn != s.seq();
    }

    private Conn create(TcpSegment first, Ended before) {
        Conn c = new Conn();
        c.id = nextId++;
        c.firstFrame = first.frame();
        c.startNanos = now;
        c.lastFrame = first.frame();
        c.endNanos = now;
        if (before != null) {
            boolean late = !first.syn() && before.owns(first);
            c.lateAfterFrame = late ? before.lastFrame : NONE;
            c.portReuse = !late;
        }
        c.tunnel = first.tunnel();
        c.startSession(first);
        c.client = c.session.origAddr;
        c.server = c.session.respAddr;
        c.observer = observers.create(c.client, c.server);
        open.put(first.src(), first.dst(), c);
        c.home = open;
        return c;
    }

    private void touch(Conn c) {
        if (c.lruNext != null) {
            c.lruPrev.lruNext = c.lruNext;
            c.lruNext.lruPrev = c.lruPrev;
        }
        c.lruPrev = lru.lruPrev;
        c.lruNext = lru;
        lru.lruPrev.lruNext = c;
        lru.lruPrev = c;
    }

    private void evictLeastRecent() {
        Conn c = lru.lruNext;
        if (c != lru) {
            c.evicted = true;
            handOut(c);
        }
    }

    private void handOut(Conn c) {
        if (c.home == null) {
            return;
        }
        c.home.remove(c.client, c.server);
        c.home = null;
        wheel.arm(c, Long.MAX_VALUE);
        if (c.lruNext != null) {
            c.lruPrev.lruNext = c.lruNext;
            c.lruNext.lruPrev = c.lruPrev;
            c.lruNext = null;
            c.lruPrev = null;
        }
        if (c.session != null) {
            c.closeRecord();
        }
        if (!finishing) {
            remember(c);
        }
        List<ZeekRecord> records = c.records();
        long clientBytes = 0;
        long serverBytes = 0;
        for (int i = 0; i < records.size(); i++) {
            ZeekRecord r = records.get(i);
            boolean same = r.orig().equals(c.client);
            clientBytes += same ? r.origBytes() : r.respBytes();
            serverBytes += same ? r.respBytes() : r.origBytes();
        }
        finished.accept(new TrackedConnection<>(c.id, c.client, c.server, c.rolesInferred, c.portReuse,
                c.firstFrame, c.lastFrame, c.startNanos, c.endNanos, clientBytes, serverBytes,
                c.firstRecord.summary(), records, c.observer, c.lateAfterFrame == NONE ? TrackedConnection.NOT_LATE : c.lateAfterFrame,
                c.evicted ? settings.maxOpen() : 0, c.droppedWhileOpen, c.tunnel));
    }

    /** A timer's epoch and kind as one number: the epoch in the high half, the kind's ordinal in the low. */
    private static long meta(int epoch, ZeekSession.Timer kind) {
        return (long) epoch << 32 | kind.ordinal();
    }

    private static int epochOf(long meta) {
        return (int) (meta >>> 32);
    }

    private static ZeekSession.Timer kindOf(long meta) {
        return TIMERS[(int) meta];
    }

    /** Keeps what tells {@code c}'s late segments from a new socket on its 4-tuple, forgetting the oldest past {@link #ENDED_MEMORY}. */
    private void remember(Conn c) {
        Ended gone = new Ended(c.lastFrame, c.client, c.server, c.clientNext, c.serverNext);
        ended.put(c.client, c.server, gone);
        endedOrder.addLast(gone);
        if (endedOrder.size() > ENDED_MEMORY) {
            Ended oldest = endedOrder.pollFirst();
            if (ended.get(oldest.client, oldest.server) == oldest) {
                ended.remove(oldest.client, oldest.server);
            }
        }
    }

    /** What is kept of a connection after it was handed out: enough to tell its late segments from a new socket. */
    private static final class Ended extends FlowTable.Keyed {
        final long lastFrame;
        final Endpoint client;
        final Endpoint server;
        final long clientNext;
        final long serverNext;

        Ended(long lastFrame, Endpoint client, Endpoint server, long clientNext, long serverNext) {
            this.lastFrame = lastFrame;
            this.client = client;
            this.server = server;
            this.clientNext = clientNext;
            this.serverNext = serverNext;
        }

        boolean owns(TcpSegment s) {
            long next = s.src().equals(client) ? clientNext : serverNext;
            if (next == NONE) {
                return false;
            }
            long d = (s.seq() - next) & 0xFFFF_FFFFL;
            return d < LATE_SEQ_SPAN || d > (1L << 32) - LATE_SEQ_SPAN;
        }
    }

    /** One connection: its Zeek session of the moment, the records Zeek already wrote, its place in the wheel. */
    private final class Conn extends TimerWheel.Entry implements ZeekSession.Clock {
        int id;
        /** The table holding it ({@link #open} or {@link #dormant}); null once handed out. */
        FlowTable<Conn> home;
        O observer;
        Endpoint client;
        Endpoint server;
        boolean rolesInferred;
        boolean portReuse;
        Tunnel tunnel;
        boolean evicted;
        long lateAfterFrame = NONE;
        long firstFrame;
        long startNanos;
        long lastFrame;
        long endNanos;
        long endedAt = NONE;
        long droppedWhileOpen;
        long clientIsn = NONE;
        long serverIsn = NONE;
        long clientNext = NONE;
        long serverNext = NONE;
        Conn lruPrev;
        Conn lruNext;

        ZeekSession session;
        /**
         * The records Zeek wrote: nearly every connection has one, so it is a field and a list
         * exists only for the rare later ones (an ArrayList and its array per connection were
         * two more objects for every held connection to carry through each young collection).
         */
        ZeekRecord firstRecord;
        List<ZeekRecord> laterRecords;
        long recordFirstFrame;
        long recordStart;
        long recordEnd;
        /** Packets and IP bytes of the current record, by sender: the 4-tuple's client address or the other. */
        long clientPkts;
        long clientIpBytes;
        long serverPkts;
        long serverIpBytes;

        /**
         * This connection's armed Zeek timers in order of arming, two numbers each: the due
         * time at {@code 2i}, the epoch and kind at {@code 2i + 1} ({@link #meta}). One array,
         * not one per part: fewer objects per connection and one cache line to read.
         */
        long[] timerSlots = new long[2 * 4];
        int timers;

        boolean isOpen() {
            return home != null;
        }

        List<ZeekRecord> records() {
            if (laterRecords == null) {
                return List.of(firstRecord);
            }
            List<ZeekRecord> all = new ArrayList<>(1 + laterRecords.size());
            all.add(firstRecord);
            all.addAll(laterRecords);
            return all;
        }

        void startSession(TcpSegment first) {
            session = new ZeekSession(this, first.src(), first.dst(), now);
            if (ZeekSession.flipAtStart(first)) {
                session.flipRoles();
            }
            recordFirstFrame = first.frame();
            recordStart = now;
            recordEnd = now;
            clientPkts = 0;
            clientIpBytes = 0;
            serverPkts = 0;
            serverIpBytes = 0;
            session.start(now);
        }

        void take(TcpSegment s) {
            if (session == null) {
                startSession(s);
            }
            session.resumeExpiry(now);
            boolean inFirstRecord = firstRecord == null;
            int flipsBefore = session.flips();
            session.flipAfterSynAck(s);
            session.process(s, session.isOrigSender(s));
            if (inFirstRecord) {
                // Roles are the first record's: Zeek may guess otherwise for a later one.
                if (session.flips() != flipsBefore) {
                    client = session.origAddr;
                    server = session.respAddr;
                    observer.rolesFlipped();
                }
                rolesInferred = session.rolesInferred();
            }
            boolean fromClient = s.src().equals(client);
            if (s.syn()) {
                if (fromClient && !s.ackFlag() && clientIsn == NONE) {
                    clientIsn = s.seq();
                } else if (!fromClient && s.ackFlag() && serverIsn == NONE) {
                    serverIsn = s.seq();
                }
            }
            long next = (s.seq() + s.seqLength()) & 0xFFFF_FFFFL;
            if (fromClient) {
                clientNext = next;
                clientPkts++;
                clientIpBytes += s.ipLength();
            } else {
                serverNext = next;
                serverPkts++;
                serverIpBytes += s.ipLength();
            }
            lastFrame = s.frame();
            endNanos = now;
            recordEnd = now;
            observer.onSegment(s, fromClient ? Side.CLIENT : Side.SERVER);
        }

        /** Notes the moment the connection ended: both FINs, or a reset. */
        void checkEnded() {
            if (endedAt != NONE || session == null) {
                return;
            }
            EndpointState o = session.orig.state;
            EndpointState r = session.resp.state;
            boolean reset = o == EndpointState.RESET || r == EndpointState.RESET;
            boolean closed = o == EndpointState.CLOSED && r == EndpointState.CLOSED;
            if (reset || closed) {
                endedAt = now;
                if (settings.verdictDelayNanos() != Long.MAX_VALUE) {
                    endedWaiting.addLast(this);
                }
            }
        }

        /** Zeek writes its record for the current session. */
        void closeRecord() {
            ZeekSession s = session;
            boolean clientIsOrig = s.origAddr.equals(client);
            ZeekRecord r = new ZeekRecord(s.summary().connState(), s.summary().history(), s.origAddr, s.respAddr,
                    recordStart, recordEnd, recordFirstFrame, s.orig.size(), s.resp.size(),
                    clientIsOrig ? clientPkts : serverPkts, clientIsOrig ? clientIpBytes : serverIpBytes,
                    clientIsOrig ? serverPkts : clientPkts, clientIsOrig ? serverIpBytes : clientIpBytes);
            if (firstRecord == null) {
                firstRecord = r;
            } else {
                if (laterRecords == null) {
                    laterRecords = new ArrayList<>(1);
                }
                laterRecords.add(r);
            }
            session = null;
            timers = 0;
            wheel.arm(this, Long.MAX_VALUE);
        }

        @Override
        public void schedule(ZeekSession s, ZeekSession.Timer timer, long atNanos) {
            if (s != session) {
                return; // a session Zeek has already let go of
            }
            int epoch = timer == ZeekSession.Timer.INACTIVITY ? s.inactivityEpoch : s.analyzerEpoch;
            dropStaleTimers();
            if (2 * timers == timerSlots.length) {
                timerSlots = Arrays.copyOf(timerSlots, timerSlots.length * 2);
            }
            timerSlots[2 * timers] = Math.min(Math.max(atNanos, 0), MAX_TIME);
            timerSlots[2 * timers + 1] = meta(epoch, timer);
            timers++;
            rearm();
        }

        @Override
        public void remove(ZeekSession s) {
            if (s != session) {
                return;
            }
            closeRecord();
            if (endedAt != NONE) {
                handOut(this);
            } else if (home == open) {
                open.remove(client, server);
                dormant.put(client, server, this);
                home = dormant;
            }
        }

        /** Fires this connection's timers due by now, earliest first, ties in order of arming. */
        void fireDue() {
            for (int fired = 0; fired < MAX_FIRINGS && session != null; fired++) {
                int i = earliest();
                if (i < 0 || timerSlots[2 * i] > now) {
                    break;
                }
                long at = timerSlots[2 * i];
                long meta = timerSlots[2 * i + 1];
                ZeekSession.Timer kind = kindOf(meta);
                removeTimer(i);
                if (current(kind, epochOf(meta))) {
                    session.onTimer(kind, at);
                }
            }
            if (session != null) {
                rearm();
            }
        }

        private boolean current(ZeekSession.Timer kind, int epoch) {
            return epoch == (kind == ZeekSession.Timer.INACTIVITY ? session.inactivityEpoch : session.analyzerEpoch);
        }

        private int earliest() {
            int best = -1;
            for (int i = 0; i < timers; i++) {
                if (best < 0 || timerSlots[2 * i] < timerSlots[2 * best]) {
                    best = i;
                }
            }
            return best;
        }

        private void removeTimer(int i) {
            System.arraycopy(timerSlots, 2 * i + 2, timerSlots, 2 * i, 2 * (timers - i - 1));
            timers--;
        }

        /** Cancelled timers (an older epoch) are dropped, so a connection holds a handful at most. */
        private void dropStaleTimers() {
            int kept = 0;
            for (int i = 0; i < timers; i++) {
                long meta = timerSlots[2 * i + 1];
                if (current(kindOf(meta), epochOf(meta))) {
                    timerSlots[2 * kept] = timerSlots[2 * i];
                    timerSlots[2 * kept + 1] = meta;
                    kept++;
                }
            }
            timers = kept;
        }

        private void rearm() {
            int i = earliest();
            long due = i < 0 ? Long.MAX_VALUE : timerSlots[2 * i];
            if (due != due()) {
                wheel.arm(this, due);
            }
        }
    }
}
