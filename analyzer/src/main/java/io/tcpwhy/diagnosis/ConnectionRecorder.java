package io.tcpwhy.diagnosis;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.tcp.ConnectionObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one connection segment by segment and keeps what its explanation needs: each
 * endpoint's RFC 9293 state and the frame that moved it, relative sequence numbers, data
 * sent, acknowledged and left unanswered, the FIN and RST frames with their context,
 * retransmissions, zero windows, and a bounded list of the segments themselves.
 *
 * <p>A segment in the capture is taken as both sent and received: on loopback, and close
 * to either host, that is what the capture shows. Memory is constant per connection plus
 * the capped {@link SegmentLog} and timeline. Usable as an
 * {@link io.tcpwhy.tcp.ObserverFactory} via {@code ConnectionRecorder::new}.
 */
public final class ConnectionRecorder implements ConnectionObserver {

    /** States change a handful of times per endpoint; the cap only guards against odd captures. */
    static final int MAX_TIMELINE = 32;
    /**
     * The shortest silence after which a segment counts as waking an idle connection: far
     * longer than any loopback or LAN pause in an active exchange, far shorter than the idle
     * timeouts of load balancers, NATs and servers (tens of seconds to hours).
     */
    static final long WAKE_MIN_NANOS = 1_000_000_000L;
    /** RFC 7323 §2.3: the largest window shift. Assumed when the handshake (and its scale) was not seen. */
    static final int MAX_WINDOW_SHIFT = 14;

    private Endpoint client;
    private Endpoint server;
    // Made in the public constructor only: a field initializer would also run in the
    // forWording copy, two endpoint tracks made and dropped per connection (a tenth of all
    // the bytes the analysis allocated).
    private EndpointTrack clientTrack;
    private EndpointTrack serverTrack;
    /** Null in a {@link #forWording()} copy. */
    private final SegmentLog log;
    private final List<StateChange> timeline;

    private long segments;
    private long previousTime = EndpointTrack.NONE;
    private long handshakeDoneTime = EndpointTrack.NONE;

    /** A silence on the wire at least {@link #WAKE_MIN_NANOS} long, and the segment that ended it. */
    private long wakeFrame = EndpointTrack.NONE;
    private long wakeTime;
    private Side wakeFrom;
    private long wakeGapNanos;

    private Side firstCloser;
    private long firstCloseFrame = EndpointTrack.NONE;
    private long firstCloseTime;
    private long idleBeforeCloseNanos = EndpointTrack.NONE;
    private boolean awaitingReplyAtClose;

    public ConnectionRecorder(Endpoint client, Endpoint server) {
        this.client = client;
        this.server = server;
        this.clientTrack = new EndpointTrack();
        this.serverTrack = new EndpointTrack();
        this.log = new SegmentLog();
        this.timeline = new ArrayList<>();
    }

    /** See {@link #forWording()}. */
    private ConnectionRecorder(ConnectionRecorder of) {
        client = of.client;
        server = of.server;
        clientTrack = of.clientTrack;
        serverTrack = of.serverTrack;
        log = null;
        timeline = List.of();
        segments = of.segments;
        previousTime = of.previousTime;
        handshakeDoneTime = of.handshakeDoneTime;
        wakeFrame = of.wakeFrame;
        wakeTime = of.wakeTime;
        wakeFrom = of.wakeFrom;
        wakeGapNanos = of.wakeGapNanos;
        firstCloser = of.firstCloser;
        firstCloseFrame = of.firstCloseFrame;
        firstCloseTime = of.firstCloseTime;
        idleBeforeCloseNanos = of.idleBeforeCloseNanos;
        awaitingReplyAtClose = of.awaitingReplyAtClose;
    }

    /**
     * What the rules read of a finished connection, for wordings built later: everything but
     * the segment log and the timeline, which the report already holds in its own form, so
     * that a report waiting to be printed does not keep them twice. The endpoint tracks are
     * shared, not copied: the tracker feeds no segment to a connection it has handed out.
     * The copy takes no segments and has no segments or timeline of its own.
     */
    ConnectionRecorder forWording() {
        return new ConnectionRecorder(this);
    }

    @Override
    public void onSegment(TcpSegment seg, Side from) {
        EndpointTrack s = track(from);
        EndpointTrack p = track(from.opposite());
        segments++;
        log.add(seg, from);
        noteSender(seg, from, s, p);
        if (s.base == EndpointTrack.NONE) {
            // Without the SYN, count from the byte before the first one seen, as Wireshark does.
            s.base = seg.syn() ? seg.seq() : SeqMath.add(seg.seq(), -1);
        }
        if (firstCloseFrame == EndpointTrack.NONE
                && (seg.fin() || seg.rst() && acceptable(seg, s, p) && !rejectsSynAck(s, p))) {
            noteFirstClose(seg, from, s, p);
        }
        if (seg.rst()) {
            onReset(seg, from, s, p);
        } else {
            if (seg.syn()) {
                onSyn(seg, from, s, p);
            }
            if (seg.ackFlag()) {
                onAck(seg, from, s, p);
            }
            if (seg.payloadLength() > 0) {
                onPayload(seg, s, p);
            }
            advanceNext(seg, s);
            if (seg.fin()) {
                onFin(seg, from, s, p);
            }
            if (!seg.syn()) {
                s.lastWindow = seg.window();
                if (seg.window() == 0 && s.zeroWindowFrame() == EndpointTrack.NONE) {
                    s.mishaps().zeroWindowFrame = seg.frame();
                }
            }
            if (seg.ackFlag() && !seg.syn()) {
                s.sentAck = true;
                establishMidStream(seg);
            }
        }
        previousTime = seg.timeNanos();
    }

    /** The sender's header habits, silences on the wire, and the runs of unanswered retransmissions. */
    private void noteSender(TcpSegment seg, Side from, EndpointTrack s, EndpointTrack p) {
        long t = seg.timeNanos();
        if (previousTime != EndpointTrack.NONE && t - previousTime >= WAKE_MIN_NANOS) {
            wakeFrame = seg.frame();
            wakeTime = t;
            wakeFrom = from;
            wakeGapNanos = t - previousTime;
        }
        // Anything from the peer ends this side's runs: the peer is there.
        p.endRuns();
        if (!seg.rst()) {
            if (s.ttl >= 0 && s.ttl != seg.ttl()) {
                s.ttlVaried = true;
            }
            s.ttl = seg.ttl();
            s.nonRstSegments++;
            if (seg.options().timestamps()) {
                s.timestampSegments++;
            }
            s.lastIpId = seg.ipId();
            s.lastSentTime = t;
            if (!seg.syn() && !seg.fin() && seg.payloadLength() == 0 && s.nextKnown
                    && seg.seq() == SeqMath.add(s.nextSeq, -1)) {
                probe(seg, s); // RFC 9293 §3.8.4: a keep-alive carries the sequence number one before the next
            }
        }
    }

    private static void probe(TcpSegment seg, EndpointTrack s) {
        s.mishaps().probeRun().add(seg.frame(), seg.timeNanos());
    }

    @Override
    public void rolesFlipped() {
        Endpoint e = client;
        client = server;
        server = e;
        EndpointTrack t = clientTrack;
        clientTrack = serverTrack;
        serverTrack = t;
        timeline.replaceAll(c -> new StateChange(c.side().opposite(), c.state(), c.frame(), c.timeNanos()));
        log.flipRoles();
        if (firstCloser != null) {
            firstCloser = firstCloser.opposite();
        }
        if (wakeFrom != null) {
            wakeFrom = wakeFrom.opposite();
        }
    }

    private void onSyn(TcpSegment seg, Side from, EndpointTrack s, EndpointTrack p) {
        if (s.sentSyn() && seg.seq() == s.isn && seg.ackFlag() && !s.synWithAck && !s.sentSynAck) {
            s.sentSynAck = true; // simultaneous open: the SYN-ACK reuses the SYN's ISN, it is no retransmission
            return;
        }
        if (s.sentSyn() && seg.seq() == s.isn) {
            s.synCount++;
            s.lastSynFrame = seg.frame();
            if (s.synAcked && s.synWithAck && s.synAfterAckedFrame() == EndpointTrack.NONE) {
                s.mishaps().synAfterAckedFrame = seg.frame();
            }
            if (s.synRetransmitFrame() == EndpointTrack.NONE) {
                s.mishaps().synRetransmitFrame = seg.frame();
            }
            return;
        }
        s.isn = seg.seq();
        s.base = seg.seq();
        s.synFrame = seg.frame();
        s.lastSynFrame = seg.frame();
        s.synTime = seg.timeNanos();
        s.synWithAck = seg.ackFlag();
        s.synCount = 1;
        s.windowScale = seg.options().windowScale();
        if (!seg.ackFlag()) {
            if (s.state == TcpState.UNKNOWN || s.state == TcpState.CLOSED) {
                move(from, TcpState.SYN_SENT, seg);
            }
            if (p.state == TcpState.SYN_SENT) {
                move(from.opposite(), TcpState.SYN_RECEIVED, seg); // simultaneous open
            }
        } else if (s.state == TcpState.UNKNOWN || s.state == TcpState.CLOSED || s.state == TcpState.SYN_SENT) {
            move(from, TcpState.SYN_RECEIVED, seg);
        }
    }

    private void onAck(TcpSegment seg, Side from, EndpointTrack s, EndpointTrack p) {
        long ack = seg.ack();
        if (!s.ackKnown || SeqMath.after(ack, s.highestAck)) {
            s.highestAck = ack;
            s.ackKnown = true;
            p.lastAckedFrame = seg.frame();
            p.lastAckedTime = seg.timeNanos();
        }
        Side peer = from.opposite();
        if (p.sentSyn() && !p.synAcked && SeqMath.after(ack, p.isn)) {
            p.synAcked = true;
            p.synAckedFrame = seg.frame();
            if (p.state == TcpState.SYN_RECEIVED || (seg.syn() && p.state == TcpState.SYN_SENT)) {
                move(peer, TcpState.ESTABLISHED, seg);
                handshakeDoneTime = seg.timeNanos();
            }
        } else if (seg.syn() && p.state == TcpState.UNKNOWN) {
            move(peer, TcpState.ESTABLISHED, seg); // a SYN-ACK whose SYN was not captured
        }
        if (p.sentFin() && p.finAckedFrame == EndpointTrack.NONE && SeqMath.after(ack, p.finSeq)) {
            p.finAckedFrame = seg.frame();
            switch (p.state) {
                case FIN_WAIT_1 -> move(peer, TcpState.FIN_WAIT_2, seg);
                case CLOSING -> move(peer, TcpState.TIME_WAIT, seg);
                case LAST_ACK -> move(peer, TcpState.CLOSED, seg);
                default -> { }
            }
        }
    }

    private void onPayload(TcpSegment seg, EndpointTrack s, EndpointTrack p) {
        int len = seg.payloadLength();
        long start = seg.syn() ? SeqMath.add(seg.seq(), 1) : seg.seq();
        long end = SeqMath.add(start, len);
        long fresh;
        if (s.payloadBytes == 0 && !s.nextKnown) {
            fresh = len;
        } else {
            long high = s.nextKnown ? s.nextSeq : s.dataEnd;
            if (SeqMath.after(end, high)) {
                long gap = SeqMath.diff(start, high);
                if (gap > 0) {
                    s.mishaps().hole = true;
                    s.mishaps().holeStart = high;
                    s.mishaps().holeEnd = start;
                }
                fresh = Math.min(len, SeqMath.diff(end, high));
            } else if (s.hole() && !SeqMath.after(s.holeStart(), start) && !SeqMath.after(end, s.holeEnd())) {
                fresh = len; // fills the gap: out of order, not sent twice
                s.mishaps().hole = false;
            } else if (len <= 1 && SeqMath.add(start, 1) == high) {
                fresh = 0; // a keep-alive or window probe with its one old byte
                probe(seg, s);
            } else {
                fresh = 0;
                if (s.dataRetransmitFrame() == EndpointTrack.NONE) {
                    s.mishaps().dataRetransmitFrame = seg.frame();
                }
                if (!p.ackKnown || SeqMath.after(end, p.highestAck)) {
                    retransmitted(seg, s); // data the peer has not acknowledged, sent again
                }
            }
        }
        if (fresh <= 0) {
            return;
        }
        s.payloadBytes += fresh;
        if (s.payloadBytes == fresh || SeqMath.after(end, s.dataEnd)) {
            s.dataEnd = end;
        }
        if (s.firstDataFrame == EndpointTrack.NONE) {
            s.firstDataFrame = seg.frame();
        }
        s.lastDataFrame = seg.frame();
        s.lastDataTime = seg.timeNanos();
        s.unanswered = 0;
        s.unansweredSinceFrame = EndpointTrack.NONE;
        if (p.unanswered == 0) {
            p.unansweredSinceFrame = seg.frame();
        }
        p.unanswered += fresh;
        if (p.sentFin()) {
            if (p.dataAfterOwnFinFrame() == EndpointTrack.NONE) {
                p.mishaps().dataAfterOwnFinFrame = seg.frame();
            }
            p.mishaps().bytesAfterOwnFin += fresh;
            if (s.dataAfterPeerFinFrame() == EndpointTrack.NONE) {
                s.mishaps().dataAfterPeerFinFrame = seg.frame();
                s.mishaps().dataAfterPeerFinTime = seg.timeNanos();
            }
            s.mishaps().bytesAfterPeerFin += fresh;
        }
    }

    private static void retransmitted(TcpSegment seg, EndpointTrack s) {
        s.mishaps().retransmitRun().add(seg.frame(), seg.timeNanos());
    }

    private static void advanceNext(TcpSegment seg, EndpointTrack s) {
        long end = SeqMath.add(seg.seq(), seg.seqLength());
        if (!s.nextKnown || SeqMath.after(end, s.nextSeq)) {
            s.nextSeq = end;
            s.nextKnown = true;
        }
    }

    private void onFin(TcpSegment seg, Side from, EndpointTrack s, EndpointTrack p) {
        long finSeq = SeqMath.add(seg.seq(), seg.payloadLength() + (seg.syn() ? 1 : 0));
        if (s.sentFin()) {
            if (finSeq == s.finSeq && s.finRetransmitFrame() == EndpointTrack.NONE) {
                s.mishaps().finRetransmitFrame = seg.frame();
            }
            return;
        }
        s.finFrame = seg.frame();
        s.finTime = seg.timeNanos();
        s.finSeq = finSeq;
        s.unansweredAtFin = s.unanswered;
        s.unansweredSinceAtFin = s.unansweredSinceFrame;
        if (s.state == TcpState.CLOSE_WAIT && seg.ackFlag() && p.sentFin() && !SeqMath.after(seg.ack(), p.finSeq)) {
            simultaneousClose(seg, from);
        } else {
            switch (s.state) {
                case CLOSE_WAIT -> {
                    s.closeWaitHeldNanos = seg.timeNanos() - s.closeWaitSince;
                    move(from, TcpState.LAST_ACK, seg);
                }
                case UNKNOWN, ESTABLISHED, SYN_RECEIVED -> move(from, TcpState.FIN_WAIT_1, seg);
                default -> { }
            }
        }
        Side peer = from.opposite();
        switch (p.state) {
            case UNKNOWN, ESTABLISHED, SYN_RECEIVED -> {
                p.closeWaitSince = seg.timeNanos();
                move(peer, TcpState.CLOSE_WAIT, seg);
            }
            case FIN_WAIT_1 -> move(peer, TcpState.CLOSING, seg);
            case FIN_WAIT_2 -> move(peer, TcpState.TIME_WAIT, seg);
            default -> { }
        }
    }

    /**
     * The sender's FIN does not acknowledge the peer's FIN seen before it: the two FINs
     * crossed, and the sender was never in CLOSE_WAIT (RFC 9293 §3.6, simultaneous close).
     */
    private void simultaneousClose(TcpSegment seg, Side from) {
        takeBack(from, TcpState.CLOSE_WAIT);
        track(from).closeWaitSince = EndpointTrack.NONE;
        track(from).state = TcpState.ESTABLISHED;
        step(from, TcpState.FIN_WAIT_1, seg);
        step(from, TcpState.CLOSING, seg);
    }

    private void onReset(TcpSegment seg, Side from, EndpointTrack s, EndpointTrack p) {
        s.mishaps().rstCount++;
        boolean accepted = acceptable(seg, s, p);
        if (!accepted && s.outOfWindowRstFrame() == EndpointTrack.NONE) {
            s.mishaps().outOfWindowRstFrame = seg.frame();
        }
        if (accepted && !s.reset()) {
            s.mishaps().resetFrame = seg.frame();
            s.mishaps().resetTime = seg.timeNanos();
            s.mishaps().resetTtl = seg.ttl();
            s.mishaps().resetHasTimestamps = seg.options().timestamps();
            s.mishaps().resetIpId = seg.ipId();
            s.mishaps().resetAfterOwnFin = s.sentFin();
            s.mishaps().resetAcksNew = seg.ackFlag() && (!s.ackKnown || SeqMath.after(seg.ack(), s.highestAck));
            s.mishaps().unansweredAtReset = s.unanswered;
            s.mishaps().unansweredSinceAtReset = s.unansweredSinceFrame;
            s.mishaps().peerDataBeforeReset = p.lastDataFrame;
            if (s.state == TcpState.CLOSE_WAIT) {
                s.closeWaitHeldNanos = seg.timeNanos() - s.closeWaitSince;
            }
        }
        // A RST with another TTL than every segment of its named sender came from a device in
        // between: the sender's own socket did not close. A RST sent by a kernel that gave up on a
        // peer that stopped answering most likely never reached that peer.
        if (accepted && answersSynAckWithoutSocket(seg, from, s)) {
            forgetEstablished(from, s);
        }
        boolean notFromSender = s.nonRstSegments > 0 && !s.ttlVaried && s.ttl >= 0 && seg.ttl() != s.ttl;
        boolean lostOnTheWay = ProductionRules.gaveUp(s);
        if (accepted && s.state != TcpState.CLOSED && !notFromSender && !rejectsSynAck(s, p)) {
            // A rejected RST changes nothing at the receiver, and may not come from the endpoint at all.
            move(from, TcpState.CLOSED, seg);
        }
        if (accepted && p.state != TcpState.CLOSED && !lostOnTheWay) {
            p.mishaps().resetReceivedFrame = seg.frame();
            p.mishaps().stateWhenReset = p.state;
            p.mishaps().finReceivedBeforeReset = s.sentFin();
            move(from.opposite(), TcpState.CLOSED, seg);
        }
    }

    /**
     * Whether this RST is the client's host answering the server's SYN-ACK with no socket left:
     * a bare RST (no ACK, its sequence number the SYN-ACK's acknowledgment) as the client's
     * only segment after its SYNs. A socket in SYN_SENT would have answered that SYN-ACK with
     * the handshake's ACK, so the connect() had already given up and closed it (the lab's
     * connect_gave_up_before_synack: the kernel's RST reason NO_SOCKET, its states SYN_SENT,
     * CLOSE), and the client was never ESTABLISHED.
     */
    private static boolean answersSynAckWithoutSocket(TcpSegment seg, Side from, EndpointTrack s) {
        return from == Side.CLIENT && s.state == TcpState.ESTABLISHED && !seg.ackFlag() && s.synAcked
                && s.nonRstSegments == s.synCount && seg.seq() == SeqMath.add(s.isn, 1);
    }

    /** Takes back the move to ESTABLISHED the SYN-ACK made: the side had no socket by then. */
    private void forgetEstablished(Side side, EndpointTrack s) {
        takeBack(side, TcpState.ESTABLISHED);
        s.state = TcpState.SYN_SENT;
    }

    /**
     * Removes {@code side}'s latest timeline entry if it is {@code state}: a move a later
     * segment showed never happened.
     */
    private void takeBack(Side side, TcpState state) {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            StateChange c = timeline.get(i);
            if (c.side() == side) {
                if (c.state() == state) {
                    timeline.remove(i);
                }
                return;
            }
        }
    }

    /**
     * Whether a RST from {@code s} is its kernel rejecting a SYN-ACK that does not acknowledge
     * its SYN: a socket in SYN_SENT answers one with RST and goes on waiting for the right one
     * (RFC 9293 §3.10.7.3), so the RST closes nothing on its side.
     */
    static boolean rejectsSynAck(EndpointTrack s, EndpointTrack p) {
        return s.state == TcpState.SYN_SENT && p.sentSyn() && p.synWithAck && !s.synAcked;
    }

    /**
     * Whether the receiver would accept this RST: RFC 9293 §3.10.7.3 in SYN_SENT (it must
     * acknowledge the SYN), §3.10.7.4 otherwise (its sequence number in the receive window).
     */
    private static boolean acceptable(TcpSegment seg, EndpointTrack s, EndpointTrack p) {
        if (p.state == TcpState.SYN_SENT) {
            return seg.ackFlag() && seg.ack() == SeqMath.add(p.isn, 1);
        }
        long expected;
        if (p.ackKnown) {
            expected = p.highestAck;
        } else if (s.nextKnown) {
            expected = s.nextSeq;
        } else {
            return true;
        }
        long offset = SeqMath.diff(seg.seq(), expected);
        if (offset < 0) {
            return false;
        }
        if (p.lastWindow < 0) {
            return true;
        }
        int shift;
        if (p.sentSyn() && s.sentSyn()) {
            shift = p.windowScale >= 0 && s.windowScale >= 0 ? Math.min(p.windowScale, MAX_WINDOW_SHIFT) : 0;
        } else {
            shift = MAX_WINDOW_SHIFT;
        }
        long window = Math.max(1L, (long) p.lastWindow << shift);
        return offset < window;
    }

    private void noteFirstClose(TcpSegment seg, Side from, EndpointTrack s, EndpointTrack p) {
        firstCloser = from;
        firstCloseFrame = seg.frame();
        firstCloseTime = seg.timeNanos();
        if (previousTime != EndpointTrack.NONE && seg.payloadLength() == 0) {
            idleBeforeCloseNanos = seg.timeNanos() - previousTime;
        }
        awaitingReplyAtClose = s.payloadBytes > 0 && s.unanswered == 0 && p.ackKnown
                && !SeqMath.after(s.dataEnd, p.highestAck);
    }

    /** A capture that starts mid-connection: both sides exchanging ACKs means both are established. */
    private void establishMidStream(TcpSegment seg) {
        if (!clientTrack.sentAck || !serverTrack.sentAck) {
            return;
        }
        if (clientTrack.state == TcpState.UNKNOWN) {
            move(Side.CLIENT, TcpState.ESTABLISHED, seg);
        }
        if (serverTrack.state == TcpState.UNKNOWN) {
            move(Side.SERVER, TcpState.ESTABLISHED, seg);
        }
    }

    /** One timeline entry per endpoint per segment: RFC steps taken within one segment show as the last. */
    private void move(Side side, TcpState state, TcpSegment seg) {
        EndpointTrack t = track(side);
        if (t.state == state) {
            return;
        }
        t.state = state;
        for (int i = timeline.size() - 1; i >= 0 && timeline.get(i).frame() == seg.frame(); i--) {
            if (timeline.get(i).side() == side) {
                timeline.set(i, new StateChange(side, state, seg.frame(), seg.timeNanos()));
                return;
            }
        }
        append(side, state, seg);
    }

    /** A state change kept even when another one for the same endpoint has this frame. */
    private void step(Side side, TcpState state, TcpSegment seg) {
        track(side).state = state;
        append(side, state, seg);
    }

    private void append(Side side, TcpState state, TcpSegment seg) {
        if (timeline.size() < MAX_TIMELINE) {
            timeline.add(new StateChange(side, state, seg.frame(), seg.timeNanos()));
        }
    }

    /** This side's state now, for a connection still open. */
    public TcpState currentState(Side side) {
        return track(side).state;
    }

    /** When this side entered its current state; {@code otherwise} when it never changed state. */
    public long stateSince(Side side, long otherwise) {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            if (timeline.get(i).side() == side) {
                return timeline.get(i).timeNanos();
            }
        }
        return otherwise;
    }

    /** The latest silence of at least {@link #WAKE_MIN_NANOS} on the wire: the segment that ended it, -1 if none. */
    long wakeFrame() {
        return wakeFrame;
    }

    long wakeTime() {
        return wakeTime;
    }

    Side wakeFrom() {
        return wakeFrom;
    }

    long wakeGapNanos() {
        return wakeGapNanos;
    }

    EndpointTrack track(Side side) {
        return side == Side.CLIENT ? clientTrack : serverTrack;
    }

    Endpoint endpoint(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    TcpState state(Side side) {
        return track(side).state;
    }

    List<StateChange> timeline() {
        return List.copyOf(timeline);
    }

    List<SegmentEvidence> segments() {
        return log.evidence(clientTrack, serverTrack);
    }

    long segmentCount() {
        return segments;
    }

    Side firstCloser() {
        return firstCloser;
    }

    long firstCloseFrame() {
        return firstCloseFrame;
    }

    long firstCloseTime() {
        return firstCloseTime;
    }

    /** Silence on the wire before the first FIN or RST, -1 when nothing came before it. */
    long idleBeforeCloseNanos() {
        return idleBeforeCloseNanos;
    }

    boolean awaitingReplyAtClose() {
        return awaitingReplyAtClose;
    }

    /** Time from the client's SYN to the handshake's completion, -1 when it was not seen. */
    long handshakeNanos() {
        EndpointTrack c = clientTrack;
        if (handshakeDoneTime == EndpointTrack.NONE || !c.sentSyn() || c.synWithAck) {
            return EndpointTrack.NONE;
        }
        return handshakeDoneTime - c.synTime;
    }
}
