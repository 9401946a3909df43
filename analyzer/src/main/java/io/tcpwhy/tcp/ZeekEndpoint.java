package io.tcpwhy.tcp;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One side of a connection as Zeek's TCP analyzer keeps it: its {@link EndpointState},
 * the sequence numbers it has used (start, highest sent, highest acknowledged by the
 * peer, with 32-bit wrap counts), the logarithmic history counters, and just enough of a
 * reassembler to notice content gaps (acknowledged data that never went by).
 *
 * <p>Relative sequence numbers count from the endpoint's SYN: the first payload byte is 1.
 */
final class ZeekEndpoint {

    static final long SEQ_MASK = 0xFFFF_FFFFL;

    EndpointState state = EndpointState.INACTIVE;
    EndpointState prevState = EndpointState.INACTIVE;
    boolean isOrig;
    ZeekEndpoint peer;
    private final ZeekSession session;

    long startSeq;
    long lastSeq;
    long ackSeq;
    int seqWraps;
    int ackWraps;
    int windowScale;

    int finCount;
    long finSeq;
    boolean didClose;
    boolean sentPlainSyn;

    long histLastSyn;
    long histLastFin;
    long histLastRst;

    private final ScaledCounter retransmissions = new ScaledCounter();
    private final ScaledCounter zeroWindows = new ScaledCounter();
    private final ScaledCounter gaps = new ScaledCounter();

    // The content-gap model of Zeek's reassembler, in relative sequence numbers.
    private long lastReassembled = 1;
    private long trimSeq = 1;
    private boolean skipDeliveries;
    /** Received ranges not yet trimmed by an acknowledgment, sorted, disjoint: {start, end}. */
    private final ArrayDeque<long[]> blocks = new ArrayDeque<>();

    ZeekEndpoint(ZeekSession session, boolean isOrig) {
        this.session = session;
        this.isOrig = isOrig;
    }

    static int seqDelta(long a, long b) {
        return (int) (a - b);
    }

    void setState(EndpointState next) {
        if (next == state) {
            return;
        }
        if (!next.handshake() && state.handshake() && peer.state.handshake()) {
            session.setInactivityTimeout(ZeekDefaults.TCP_INACTIVITY_TIMEOUT);
        }
        prevState = state;
        state = next;
    }

    void initStartSeq(long seq) {
        startSeq = seq & SEQ_MASK;
    }

    void initAckSeq(long seq) {
        ackSeq = seq & SEQ_MASK;
    }

    void initLastSeq(long seq) {
        lastSeq = seq & SEQ_MASK;
    }

    void updateLastSeq(long seq) {
        seq &= SEQ_MASK;
        if (seq < lastSeq) {
            seqWraps++;
        }
        lastSeq = seq;
    }

    void updateAckSeq(long seq) {
        seq &= SEQ_MASK;
        if (seq < ackSeq) {
            ackWraps++;
        }
        ackSeq = seq;
    }

    long toRelative(long seq, int wraps) {
        return ((long) wraps << 32 | (seq & SEQ_MASK)) - startSeq;
    }

    boolean isActive() {
        return state != EndpointState.INACTIVE && !didClose;
    }

    boolean noDataAcked() {
        return ackWraps == 0 && (ackSeq == startSeq || ackSeq == ((startSeq + 1) & SEQ_MASK));
    }

    /** Payload bytes sent, from sequence numbers (Zeek's {@code TCP_Endpoint::Size}, conn.log's orig/resp_bytes). */
    long size() {
        if (prevState == EndpointState.SYN_SENT && state == EndpointState.RESET
                && peer.state == EndpointState.INACTIVE && !noDataAcked()) {
            return 0;
        }
        long last = (long) seqWraps << 32 | lastSeq;
        long acked = (long) ackWraps << 32 | ackSeq;
        long size = Math.max(last, acked) - startSeq;
        if (size != 0) {
            size--;
        }
        if (finCount > 0 && size != 0) {
            size--;
        }
        return size;
    }

    char letter(char upper) {
        return isOrig ? upper : Character.toLowerCase(upper);
    }

    void didRetransmit() {
        retransmissions.hit(session, letter('T'));
    }

    void zeroWindow() {
        zeroWindows.hit(session, letter('W'));
    }

    /**
     * Payload at relative {@code seq} went by. Only payload that was captured in full
     * reaches the reassembler, as in Zeek; a truncated packet leaves a hole that the
     * peer's acknowledgment later reveals as a gap.
     */
    void dataSent(long seq, long len, boolean capturedInFull) {
        if (!capturedInFull || skipDeliveries || len <= 0) {
            return;
        }
        long upper = seq + len;
        long acked = toRelative(ackSeq, ackWraps);
        if (seq < acked) {
            if (upper <= acked) {
                return;
            }
            seq = acked;
        }
        if (upper <= trimSeq) {
            return;
        }
        if (seq < trimSeq) {
            seq = trimSeq;
        }
        insert(seq, upper);
        deliverContiguous();
        if (noDataAcked() && undeliveredBytes() > ZeekDefaults.MAX_ABOVE_HOLE_WITHOUT_ACKS) {
            blocks.clear();
            skipDeliveries = true;
            return;
        }
        if (bufferedBytes() > ZeekDefaults.EXCESSIVE_DATA_WITHOUT_ACKS) {
            blocks.clear();
            skipDeliveries = true;
        }
    }

    /** The peer acknowledged up to relative {@code seq} of this endpoint's data. */
    void ackReceived(long seq) {
        if (finCount > 0 && seq >= finSeq) {
            seq = finSeq - 1;
        }
        if (seq <= trimSeq) {
            return;
        }
        if (seq > lastReassembled) {
            undelivered(seq);
        }
        discardThrough(seq);
        // Data received beyond a hole that this ack just gave up on may now continue the
        // stream; Zeek's trim delivers it at once (DataBlockList::Trim), so a later ack does
        // not find it waiting behind an empty "gap" and count that as another content gap.
        if (!blocks.isEmpty() && blocks.peekFirst()[0] == lastReassembled) {
            deliverContiguous();
        }
        trimSeq = seq;
    }

    private void undelivered(long upTo) {
        if (upTo <= 2 && session.isPartial()) {
            // Zeek faked this side's ISN; an ack for its first octet is not a real hole.
            return;
        }
        if (!skipDeliveries) {
            for (long[] b : blocks) {
                if (b[0] < lastReassembled) {
                    continue;
                }
                if (b[0] >= upTo) {
                    break;
                }
                gap();
                lastReassembled = Math.max(lastReassembled, b[1]);
            }
            if (upTo > lastReassembled) {
                gap();
            }
        }
        if (upTo > lastReassembled) {
            lastReassembled = upTo;
        }
    }

    private void gap() {
        if (clean(this) && clean(peer)) {
            gaps.hit(session, letter('G'));
        }
    }

    private static boolean clean(ZeekEndpoint e) {
        return e.state == EndpointState.ESTABLISHED
                || (e.state == EndpointState.CLOSED && e.prevState == EndpointState.ESTABLISHED);
    }

    private void trim(long seq) {
        discardThrough(seq);
        trimSeq = seq;
    }

    private void discardThrough(long seq) {
        Iterator<long[]> it = blocks.iterator();
        while (it.hasNext()) {
            long[] b = it.next();
            if (b[1] <= seq) {
                it.remove();
            } else {
                if (b[0] < seq) {
                    b[0] = seq;
                }
                break;
            }
        }
    }

    private void insert(long start, long end) {
        // Blocks stay few (one per hole), so a linear merge is cheap.
        ArrayDeque<long[]> merged = new ArrayDeque<>(blocks.size() + 1);
        boolean placed = false;
        for (long[] b : blocks) {
            if (b[1] < start) {
                merged.add(b);
            } else if (end < b[0]) {
                if (!placed) {
                    merged.add(new long[] {start, end});
                    placed = true;
                }
                merged.add(b);
            } else {
                start = Math.min(start, b[0]);
                end = Math.max(end, b[1]);
            }
        }
        if (!placed) {
            merged.add(new long[] {start, end});
        }
        blocks.clear();
        blocks.addAll(merged);
    }

    /**
     * Zeek's {@code BlockInserted}: hands on whatever now continues the stream. While none of
     * this side's data has been acknowledged and it has sent more than an initial window,
     * the peer's acks are presumably not in the capture, so delivered data is not held.
     */
    private void deliverContiguous() {
        long before = lastReassembled;
        deliverFrom();
        if (lastReassembled > before && noDataAcked() && size() > ZeekDefaults.MAX_INITIAL_WINDOW) {
            trim(lastReassembled);
        }
    }

    private void deliverFrom() {
        for (long[] b : blocks) {
            if (b[0] > lastReassembled) {
                break;
            }
            lastReassembled = Math.max(lastReassembled, b[1]);
        }
    }

    private long undeliveredBytes() {
        long[] last = blocks.peekLast();
        return last == null ? 0 : Math.max(0, last[1] - lastReassembled);
    }

    private long bufferedBytes() {
        long total = 0;
        for (long[] b : blocks) {
            total += b[1] - b[0];
        }
        return total;
    }

    /** Zeek's {@code ScaledHistoryEntry}: the letter at the 1st, 10th, 100th... occurrence. */
    private static final class ScaledCounter {
        private long count;
        private long threshold = 1;

        void hit(ZeekSession session, char letter) {
            if (++count == threshold) {
                session.addHistory(letter);
                threshold *= ZeekDefaults.HISTORY_SCALING_BASE;
            }
        }
    }
}
