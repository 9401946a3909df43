package io.tcpwhy.tcp;

import static io.tcpwhy.tcp.EndpointState.CLOSED;
import static io.tcpwhy.tcp.EndpointState.ESTABLISHED;
import static io.tcpwhy.tcp.EndpointState.INACTIVE;
import static io.tcpwhy.tcp.EndpointState.PARTIAL;
import static io.tcpwhy.tcp.EndpointState.RESET;
import static io.tcpwhy.tcp.EndpointState.SYN_ACK_SENT;
import static io.tcpwhy.tcp.EndpointState.SYN_SENT;
import static io.tcpwhy.tcp.ZeekEndpoint.SEQ_MASK;
import static io.tcpwhy.tcp.ZeekEndpoint.seqDelta;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.ZeekSummary;
import io.tcpwhy.net.Endpoint;
import java.util.regex.Pattern;

/**
 * One connection as Zeek's TCP session analyzer sees it: originator and responder,
 * each endpoint's {@link EndpointState}, the history string, and the timers that decide
 * when Zeek lets go of the connection. {@link #process} follows Zeek's per-packet steps
 * in Zeek's order, because the history letters depend on that order.
 */
final class ZeekSession {

    /** Which of Zeek's timers fired; see {@link #onTimer}. */
    enum Timer { ATTEMPT, EXPIRE, DELETE, RESET, INACTIVITY }

    /** What the session asks of whoever keeps the clock. */
    interface Clock {
        /** Arms {@code timer} at capture time {@code atNanos}; analyzer timers die with {@link #cancelAnalyzerTimers}. */
        void schedule(ZeekSession session, Timer timer, long atNanos);

        /** Zeek has let go of this connection. */
        void remove(ZeekSession session);
    }

    // Bits of Zeek's per-endpoint "seen once" history mask; the responder's are shifted by 16.
    private static final int HIST_SYN = 0x1;
    private static final int HIST_FIN = 0x2;
    private static final int HIST_RST = 0x4;
    private static final int HIST_FIN_RST = 0x8;
    private static final int HIST_DATA = 0x10;
    private static final int HIST_ACK = 0x20;
    private static final int HIST_MULTI_FLAG = 0x40;
    private static final int RESPONDER_SHIFT = 16;

    private static final int FIRST_ORIG = 1;
    private static final int FIRST_RESP = 2;
    private static final long NOT_PARKED = Long.MIN_VALUE;

    // conn_state RSTOS0: the originator sent a SYN, then a RST, with nothing from the responder.
    private static final Pattern RSTOS0_HISTORY = Pattern.compile("\\^?S[^HAFGIQ]*R.*");

    private final Clock clock;
    Endpoint origAddr;
    Endpoint respAddr;
    ZeekEndpoint orig;
    ZeekEndpoint resp;
    private final StringBuilder history = new StringBuilder();
    private int histSeen;
    private boolean partial;
    private int firstPacketSeen;
    private boolean active = true;
    private int flips;
    long lastTime;
    private long inactivityTimeout;
    int analyzerEpoch;
    int inactivityEpoch;
    /**
     * When the expire timer would next fire while it is parked (see {@link #expire}), else
     * {@link #NOT_PARKED}.
     */
    private long parkedExpiry = NOT_PARKED;
    // Out-values of one process() step, in fields rather than arrays made per segment (they
    // were a twentieth of the bytes the analysis allocated): Zeek's do_close and gen_event,
    // and whether the last relativeSeq lay before the endpoint's start.
    private boolean doClose;
    private boolean genEvent;
    private boolean underflow;

    ZeekSession(Clock clock, Endpoint src, Endpoint dst, long timeNanos) {
        this.clock = clock;
        this.origAddr = src;
        this.respAddr = dst;
        this.orig = new ZeekEndpoint(this, true);
        this.resp = new ZeekEndpoint(this, false);
        orig.peer = resp;
        resp.peer = orig;
        this.lastTime = timeNanos;
    }

    /** Arms the timers Zeek arms when it creates the TCP analyzer. */
    void start(long timeNanos) {
        clock.schedule(this, Timer.EXPIRE, timeNanos + ZeekDefaults.SYN_TIMEOUT);
        setInactivityTimeout(ZeekDefaults.HANDSHAKE_INACTIVITY_TIMEOUT);
    }

    /**
     * Zeek's choice for a connection's first packet (TCPAnalyzer::WantConnection): a
     * packet other than a plain SYN coming from a likely server port is from the
     * responder. With both ports plausible, only a non-SYN from the lower port flips.
     */
    static boolean flipAtStart(TcpSegment first) {
        if (first.syn() && !first.ackFlag()) {
            return false;
        }
        int src = first.src().port();
        int dst = first.dst().port();
        if (!ZeekDefaults.likelyServerPort(src)) {
            return false;
        }
        if (ZeekDefaults.likelyServerPort(dst)) {
            return !first.syn() && src < dst;
        }
        return true;
    }

    /**
     * Zeek's late role flip: a connection whose history is exactly {@code H} (it began with
     * a SYN-ACK, from ports that gave no hint) and whose next packet is a pure ACK or data
     * from the other side was seen from the wrong end. The roles swap before that packet is
     * processed, and the history reads {@code ^h} as if the SYN-ACK had come from the
     * responder, which is then established, as it would be had the SYN-ACK been taken as the
     * responder's in the first place.
     *
     * @return whether the roles were swapped
     */
    boolean flipAfterSynAck(TcpSegment s) {
        if (isOrigSender(s) || s.syn() || s.fin() || s.rst() || !"H".contentEquals(history)) {
            return false;
        }
        flipRoles();
        history.setLength(0);
        history.append('^').append(resp.letter('H'));
        histSeen = HIST_SYN << RESPONDER_SHIFT;
        resp.setState(ESTABLISHED);
        return true;
    }

    boolean isOrigSender(TcpSegment s) {
        return s.src().equals(origAddr);
    }

    int flips() {
        return flips;
    }

    boolean isPartial() {
        return partial;
    }

    boolean rolesInferred() {
        return flips > 0 || !orig.sentPlainSyn;
    }

    void addHistory(char c) {
        history.append(c);
    }

    /** Zeek's CheckHistory: records the letter the first time only; true if it was already seen. */
    private boolean checkHistory(ZeekEndpoint e, int mask, char upper) {
        int m = e.isOrig ? mask : mask << RESPONDER_SHIFT;
        if ((histSeen & m) == 0) {
            histSeen |= m;
            history.append(e.letter(upper));
            return false;
        }
        return true;
    }

    void flipRoles() {
        Endpoint a = origAddr;
        origAddr = respAddr;
        respAddr = a;
        ZeekEndpoint e = orig;
        orig = resp;
        resp = e;
        orig.isOrig = true;
        resp.isOrig = false;
        firstPacketSeen = ((firstPacketSeen & FIRST_ORIG) != 0 ? FIRST_RESP : 0)
                | ((firstPacketSeen & FIRST_RESP) != 0 ? FIRST_ORIG : 0);
        partial = false;
        history.append('^');
        flips++;
    }

    void setInactivityTimeout(long timeout) {
        if (timeout == inactivityTimeout) {
            return;
        }
        inactivityTimeout = timeout;
        inactivityEpoch++;
        clock.schedule(this, Timer.INACTIVITY, lastTime + timeout);
    }

    private void cancelAnalyzerTimers() {
        analyzerEpoch++;
    }

    /**
     * Whether this segment, arriving on this connection's 4-tuple, starts a new
     * connection instead (Zeek's IsReuse): only a SYN can, and only when it does not
     * repeat the ISN of the SYN already seen, or when the connection has closed.
     */
    boolean isReuse(TcpSegment s) {
        if (!s.syn()) {
            return false;
        }
        ZeekEndpoint connOrig = orig;
        if (s.ackFlag()) {
            if (orig.state != INACTIVE) {
                return false;
            }
            connOrig = resp;
        }
        if (!orig.didClose && !resp.didClose) {
            if (s.seq() == connOrig.startSeq) {
                return false;
            }
            // SYN and SYN-ACK seen in swapped order: process() flips the roles instead.
            return s.ackFlag() || connOrig.state != SYN_ACK_SENT || resp.state != INACTIVE
                    || s.seq() != resp.startSeq;
        }
        return true;
    }

    /** Runs one segment through Zeek's TCP analysis; {@code fromOrig} as the tuple says now. */
    void process(TcpSegment s, boolean fromOrig) {
        long t = s.timeNanos();
        ZeekEndpoint endpoint = fromOrig ? orig : resp;
        ZeekEndpoint peer = endpoint.peer;
        boolean syn = s.syn();
        boolean fin = s.fin();
        boolean rst = s.rst();
        boolean ack = s.ackFlag();
        int len = s.payloadLength();
        long baseSeq = s.seq() & SEQ_MASK;
        long ackSeq = s.ack() & SEQ_MASK;

        setPartialStatus(syn, ack, endpoint.isOrig);
        if (syn && !ack && endpoint.isOrig) {
            endpoint.sentPlainSyn = true;
        }
        int segLen = len + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? len : 0);
        long seqOnePast = (baseSeq + segLen) & SEQ_MASK;

        initEndpoint(endpoint, syn, baseSeq, seqOnePast);

        long relSeq = relativeSeq(endpoint, baseSeq, endpoint.lastSeq, endpoint.seqWraps);
        boolean seqUnderflow = underflow;

        updateHistory(endpoint, syn, fin, rst, ack, relSeq, len);
        if (s.window() << endpoint.windowScale == 0 && !rst && peer.state != CLOSED && endpoint.state != RESET) {
            endpoint.zeroWindow();
        }
        if (!orig.didClose || !resp.didClose) {
            lastTime = t;
        }
        if (syn) {
            int scale = s.options().windowScale();
            if (scale < 0) {
                endpoint.windowScale = 0;
                if (ack) {
                    peer.windowScale = 0;
                }
            } else {
                endpoint.windowScale = Math.min(scale, ZeekDefaults.MAX_WINDOW_SCALE);
            }
        }
        if (fin) {
            endpoint.finCount++;
            endpoint.finSeq = relSeq + segLen;
        }

        long relAck = 0;
        if (ack) {
            if (peer.state == INACTIVE) {
                relAck = 1;
                peer.initStartSeq(ackSeq - 1);
                peer.initAckSeq(ackSeq - 1);
                peer.initLastSeq(ackSeq - 1);
            } else {
                relAck = relativeSeq(peer, ackSeq, peer.ackSeq, peer.ackWraps);
                if (underflow) {
                    relAck = 0;
                } else if (!rst) {
                    int deltaAck = seqDelta(ackSeq, peer.ackSeq);
                    boolean brokenAck = ackSeq == 0 && deltaAck > ZeekDefaults.TOO_LARGE_SEQ_DELTA;
                    if (!brokenAck && deltaAck > 0) {
                        peer.updateAckSeq(ackSeq);
                    }
                }
            }
        }

        int deltaLast = updateLastSeq(endpoint, seqOnePast, syn, fin, rst, len);

        doClose = false;
        genEvent = false;
        switch (endpoint.state) {
            case INACTIVE -> inactiveState(t, endpoint, peer, baseSeq, ackSeq, len, endpoint.isOrig, syn, fin, rst, ack);
            case SYN_SENT, SYN_ACK_SENT -> synSentState(endpoint, fin, rst);
            case ESTABLISHED, PARTIAL -> establishedState(endpoint, peer, syn, fin, rst, ack);
            case CLOSED -> closedState(t, endpoint, rst);
            case RESET -> { }
            default -> throw new IllegalStateException("endpoint state " + endpoint.state);
        }

        if (ack) {
            peer.ackReceived(relAck);
        }
        firstPacketSeen |= endpoint.isOrig ? FIRST_ORIG : FIRST_RESP;

        long relDataSeq = syn ? relSeq + 1 : relSeq;
        if (len > 0 && !rst && !seqUnderflow) {
            endpoint.dataSent(relDataSeq, len, s.capturedPayload() >= len);
        }
        if (doClose) {
            connectionClosed(endpoint, peer, genEvent);
        }
    }

    private void setPartialStatus(boolean syn, boolean ack, boolean isOrig) {
        if (isOrig) {
            if ((firstPacketSeen & FIRST_ORIG) == 0) {
                partial = !syn || ack;
            }
        } else if ((firstPacketSeen & FIRST_RESP) == 0 && !partial) {
            partial = !syn;
        }
    }

    private static void initEndpoint(ZeekEndpoint e, boolean syn, long firstSeq, long lastSeq) {
        switch (e.state) {
            case INACTIVE -> {
                if (syn) {
                    e.initAckSeq(firstSeq);
                    e.initStartSeq(firstSeq);
                } else {
                    // Mid-stream: number as if a SYN had come just before this segment.
                    e.initAckSeq(firstSeq - 1);
                    e.initStartSeq(firstSeq - 1);
                    lastSeq = firstSeq;
                }
                e.initLastSeq(lastSeq);
            }
            case SYN_SENT, SYN_ACK_SENT, ESTABLISHED, PARTIAL -> {
                boolean reinit = e.state == SYN_SENT || e.state == SYN_ACK_SENT ? syn && firstSeq != e.startSeq : syn;
                if (reinit) {
                    e.initStartSeq(firstSeq);
                    e.initAckSeq(firstSeq);
                    e.initLastSeq(lastSeq);
                }
            }
            case RESET -> {
                if (syn && e.prevState == INACTIVE) {
                    e.initStartSeq(firstSeq);
                    e.initAckSeq(firstSeq);
                    e.initLastSeq(lastSeq);
                }
            }
            default -> { }
        }
    }

    /** Sets {@link #underflow} when the number lies before the endpoint's start. */
    private long relativeSeq(ZeekEndpoint e, long cur, long last, int wraps) {
        underflow = false;
        int delta = seqDelta(cur, last);
        if (delta < 0) {
            if (wraps > 0 && cur > last) {
                wraps--;
            }
        } else if (delta > 0 && cur < last) {
            wraps++;
        }
        if (wraps == 0) {
            int d = seqDelta(cur, e.startSeq);
            if (d < 0) {
                underflow = true;
            }
            return d;
        }
        return e.toRelative(cur, wraps);
    }

    private void updateHistory(ZeekEndpoint e, boolean syn, boolean fin, boolean rst, boolean ack, long relSeq, int len) {
        int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bits > 1) {
            if (fin && rst) {
                checkHistory(e, HIST_FIN_RST, 'I');
            } else {
                checkHistory(e, HIST_MULTI_FLAG, 'Q');
            }
        } else if (bits == 1) {
            // SYN, FIN and RST letters repeat when the sequence number moves (a new
            // attempt), not when the same segment is retransmitted.
            if (syn) {
                char code = ack ? 'H' : 'S';
                if (checkHistory(e, HIST_SYN, code) && relSeq != e.histLastSyn) {
                    history.append(e.letter(code));
                }
                e.histLastSyn = relSeq;
            }
            if (fin) {
                if (checkHistory(e, HIST_FIN, 'F') && relSeq + len != e.histLastFin) {
                    history.append(e.letter('F'));
                }
                e.histLastFin = relSeq + len;
            }
            if (rst) {
                if (checkHistory(e, HIST_RST, 'R') && relSeq != e.histLastRst) {
                    history.append(e.letter('R'));
                }
                e.histLastRst = relSeq;
            }
        } else if (len > 0) {
            checkHistory(e, HIST_DATA, 'D');
        } else if (ack) {
            checkHistory(e, HIST_ACK, 'A');
        }
    }

    private static int updateLastSeq(ZeekEndpoint e, long lastSeq, boolean syn, boolean fin, boolean rst, int len) {
        int delta = seqDelta(lastSeq, e.lastSeq);
        if ((syn || rst) && (delta > ZeekDefaults.TOO_LARGE_SEQ_DELTA || delta < -ZeekDefaults.TOO_LARGE_SEQ_DELTA)) {
            return delta;
        }
        if (fin && e.lastSeq == ((e.startSeq + 1) & SEQ_MASK)) {
            e.updateLastSeq(lastSeq);
        } else if (e.state == RESET) {
            return delta;
        } else if (delta > 0) {
            e.updateLastSeq(lastSeq);
        } else if (len > 0) {
            e.didRetransmit();
        }
        return delta;
    }

    private void inactiveState(long t, ZeekEndpoint endpoint, ZeekEndpoint peer, long baseSeq, long ackSeq, int len,
                               boolean isOrig, boolean syn, boolean fin, boolean rst, boolean ack) {
        if (syn) {
            if (isOrig) {
                endpoint.setState(ack ? SYN_ACK_SENT : SYN_SENT);
                clock.schedule(this, Timer.ATTEMPT, t + ZeekDefaults.ATTEMPT_DELAY);
            } else {
                if (!ack && peer.state == SYN_ACK_SENT && baseSeq == endpoint.startSeq) {
                    // The originator's SYN-ACK was seen before this SYN: the roles were backwards.
                    partial = false;
                    flipRoles();
                    peer.setState(ESTABLISHED);
                    firstPacketSeen |= endpoint.isOrig ? FIRST_ORIG : FIRST_RESP;
                }
                if (peer.state == SYN_SENT) {
                    peer.setState(ESTABLISHED);
                }
                endpoint.setState(ESTABLISHED);
            }
        }
        if (fin) {
            endpoint.setState(CLOSED);
            doClose = true;
            genEvent = true;
        }
        if (rst) {
            endpoint.setState(RESET);
            boolean reject = isOrig ? peer.state == ESTABLISHED : peer.state == SYN_SENT || peer.state == SYN_ACK_SENT;
            doClose = true;
            genEvent = !reject;
        }
        if (endpoint.state == INACTIVE) {
            if (!isOrig && len == 0 && orig.state == SYN_SENT) {
                // A bare ACK of the SYN before the SYN-ACK: not a partial connection.
                return;
            }
            if (ack && peer.state == ESTABLISHED) {
                // SYN-ACK seen, SYN missed, now the originator's ACK: established after all.
                endpoint.setState(ESTABLISHED);
                partial = false;
                firstPacketSeen |= isOrig ? FIRST_ORIG : FIRST_RESP;
            } else {
                endpoint.setState(PARTIAL);
            }
        }
    }

    private void synSentState(ZeekEndpoint endpoint, boolean fin, boolean rst) {
        if (fin) {
            endpoint.setState(CLOSED);
            doClose = true;
            genEvent = true;
        }
        if (rst) {
            endpoint.setState(RESET);
            active = false;
            doClose = true;
        }
    }

    private void establishedState(ZeekEndpoint endpoint, ZeekEndpoint peer, boolean syn, boolean fin, boolean rst,
                                  boolean ack) {
        if (syn && endpoint.state == PARTIAL && peer.state == INACTIVE && !ack) {
            endpoint.setState(SYN_SENT);
        }
        if (fin && !rst) {
            endpoint.setState(CLOSED);
            if (peer.state == RESET && peer.prevState == CLOSED) {
                // The peer's FIN then RST was an orderly close after all.
                peer.setState(CLOSED);
            }
            doClose = true;
            genEvent = true;
        }
        if (rst) {
            endpoint.setState(RESET);
            doClose = true;
            if (peer.state != RESET || peer.prevState != ESTABLISHED) {
                active = false;
            }
        }
    }

    private void closedState(long t, ZeekEndpoint endpoint, boolean rst) {
        if (rst && endpoint.peer.state != CLOSED) {
            endpoint.setState(RESET);
            if (!endpoint.didClose) {
                doClose = true;
            }
            clock.schedule(this, Timer.RESET, t + ZeekDefaults.RESET_DELAY);
        }
    }

    private void connectionClosed(ZeekEndpoint endpoint, ZeekEndpoint peer, boolean genEvent) {
        if (endpoint.didClose) {
            return;
        }
        endpoint.didClose = true;
        boolean complete = endpoint.state == RESET || peer.didClose || peer.state == INACTIVE;
        if (complete) {
            if ((endpoint.prevState != INACTIVE || peer.state != INACTIVE) && genEvent) {
                active = false;
            }
            cancelAnalyzerTimers();
            clock.schedule(this, Timer.DELETE, lastTime + ZeekDefaults.CLOSE_DELAY);
        } else if (endpoint.prevState != INACTIVE) {
            clock.schedule(this, Timer.EXPIRE, lastTime + ZeekDefaults.SESSION_TIMER);
        }
    }

    /** A timer armed through {@link Clock#schedule} is due at capture time {@code t}. */
    void onTimer(Timer timer, long t) {
        switch (timer) {
            case ATTEMPT -> {
                if (active && (orig.state == SYN_SENT || orig.state == SYN_ACK_SENT) && resp.state == INACTIVE) {
                    active = false;
                    clock.remove(this);
                }
            }
            case EXPIRE -> expire(t);
            case DELETE -> clock.remove(this);
            case RESET -> {
                if (active) {
                    clock.remove(this);
                }
            }
            case INACTIVITY -> {
                if (lastTime + inactivityTimeout <= t) {
                    clock.remove(this);
                } else {
                    clock.schedule(this, Timer.INACTIVITY, lastTime + inactivityTimeout);
                }
            }
            default -> throw new IllegalStateException("timer " + timer);
        }
    }

    private void expire(long t) {
        if (!active) {
            return;
        }
        if (lastTime + ZeekDefaults.CONNECTION_LINGER < t) {
            if (orig.didClose || resp.didClose) {
                if ((orig.didClose && resp.didClose) || orig.state == RESET || resp.state == RESET
                        || orig.state == INACTIVE || resp.state == INACTIVE) {
                    active = false;
                    clock.remove(this);
                    return;
                }
            }
            if (resp.state == INACTIVE && orig.state == INACTIVE) {
                clock.remove(this);
                return;
            }
            // Zeek re-arms here every SESSION_TIMER for as long as the connection lives. Until
            // the next segment nothing this decision reads can change (no segment, no new
            // lastTime; the other timers only end the session), so every such firing would
            // decide the same: the chain is parked and re-armed at its next point when a
            // segment comes (resumeExpiry). An idle pooled connection costs no wake-up every
            // 6 s; on big captures these firings were most of the tracker's timer work.
            parkedExpiry = t + ZeekDefaults.SESSION_TIMER;
            return;
        }
        clock.schedule(this, Timer.EXPIRE, t + ZeekDefaults.SESSION_TIMER);
    }

    /**
     * A segment comes at {@code now}, before anything else is done with it: a parked expire
     * chain is armed again at the first of its points after {@code now}, where Zeek's own
     * chain would stand (the points at or before {@code now} fired and re-armed, changing
     * nothing).
     */
    void resumeExpiry(long now) {
        if (parkedExpiry == NOT_PARKED) {
            return;
        }
        long at = parkedExpiry;
        parkedExpiry = NOT_PARKED;
        if (at <= now) {
            at += ((now - at) / ZeekDefaults.SESSION_TIMER + 1) * ZeekDefaults.SESSION_TIMER;
        }
        clock.schedule(this, Timer.EXPIRE, at);
    }

    /** conn.log's {@code conn_state} and {@code history}, by Zeek's base/protocols/conn rules. */
    ZeekSummary summary() {
        return new ZeekSummary(connState(), history.toString());
    }

    private String connState() {
        EndpointState os = orig.state;
        EndpointState rs = resp.state;
        boolean origInactive = os == INACTIVE || os == PARTIAL;
        boolean respInactive = rs == INACTIVE || rs == PARTIAL;
        if (rs == RESET) {
            if (os == SYN_SENT || os == SYN_ACK_SENT || (os == RESET && orig.size() == 0 && resp.size() == 0)) {
                return "REJ";
            }
            return origInactive ? "RSTRH" : "RSTR";
        }
        if (os == RESET) {
            if (respInactive) {
                return RSTOS0_HISTORY.matcher(history).matches() ? "RSTOS0" : "OTH";
            }
            return "RSTO";
        }
        if (rs == CLOSED && os == CLOSED) {
            return "SF";
        }
        if (os == CLOSED) {
            return respInactive ? "SH" : "S2";
        }
        if (rs == CLOSED) {
            return origInactive ? "SHR" : "S3";
        }
        if (os == SYN_SENT && rs == INACTIVE) {
            return "S0";
        }
        if (os == ESTABLISHED && rs == ESTABLISHED) {
            return "S1";
        }
        return "OTH";
    }
}
