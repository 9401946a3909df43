package io.tcpwhy.tcp;

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

    // Zeek's scaled history counters, made on the first hit: most connections never retransmit.
    private ScaledCounter retransmissions;
    private ScaledCounter zeroWindows;
    private ScaledCounter gaps;

    // The content-gap model of Zeek's reassembler, in relative sequence numbers.
    private long lastReassembled = 1;
    private long trimSeq = 1;
    private boolean skipDeliveries;
    /**
     * Received ranges not yet trimmed by an acknowledgment, sorted and disjoint: range i is
     * [blocks[2i], blocks[2i+1]). Kept in place in one array, made on the first range: a
     * connection sends data in order almost always, so there is seldom more than one.
     */
    private long[] blocks;
    private int blockCount;

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
        if (retransmissions == null) {
            retransmissions = new ScaledCounter();
        }
        retransmissions.hit(session, letter('T'));
    }

    void zeroWindow() {
        if (zeroWindows == null) {
            zeroWindows = new ScaledCounter();
        }
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
            blockCount = 0;
            skipDeliveries = true;
            return;
        }
        if (bufferedBytes() > ZeekDefaults.EXCESSIVE_DATA_WITHOUT_ACKS) {
            blockCount = 0;
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
        if (blockCount > 0 && blocks[0] == lastReassembled) {
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
            for (int i = 0; i < blockCount; i++) {
                long start = blocks[2 * i];
                if (start < lastReassembled) {
                    continue;
                }
                if (start >= upTo) {
                    break;
                }
                gap();
                lastReassembled = Math.max(lastReassembled, blocks[2 * i + 1]);
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
            if (gaps == null) {
                gaps = new ScaledCounter();
            }
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
        int gone = 0;
        while (gone < blockCount && blocks[2 * gone + 1] <= seq) {
            gone++;
        }
        if (gone > 0) {
            System.arraycopy(blocks, 2 * gone, blocks, 0, 2 * (blockCount - gone));
            blockCount -= gone;
        }
        if (blockCount > 0 && blocks[0] < seq) {
            blocks[0] = seq;
        }
    }

    private void insert(long start, long end) {
        // Blocks stay few (one per hole), so a linear merge in place is cheap.
        int first = 0;
        while (first < blockCount && blocks[2 * first + 1] < start) {
            first++;
        }
        int last = first; // ranges [first, last) overlap or touch [start, end] and merge into it
        while (last < blockCount && blocks[2 * last] <= end) {
            start = Math.min(start, blocks[2 * last]);
            end = Math.max(end, blocks[2 * last + 1]);
            last++;
        }
        int count = blockCount - (last - first) + 1;
        if (blocks == null) {
            blocks = new long[4];
        } else if (2 * count > blocks.length) {
            blocks = java.util.Arrays.copyOf(blocks, Math.max(2 * count, blocks.length * 2));
        }
        System.arraycopy(blocks, 2 * last, blocks, 2 * (first + 1), 2 * (blockCount - last));
        blocks[2 * first] = start;
        blocks[2 * first + 1] = end;
        blockCount = count;
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
        for (int i = 0; i < blockCount; i++) {
            if (blocks[2 * i] > lastReassembled) {
                break;
            }
            lastReassembled = Math.max(lastReassembled, blocks[2 * i + 1]);
        }
    }

    private long undeliveredBytes() {
        return blockCount == 0 ? 0 : Math.max(0, blocks[2 * blockCount - 1] - lastReassembled);
    }

    private long bufferedBytes() {
        long total = 0;
        for (int i = 0; i < blockCount; i++) {
            total += blocks[2 * i + 1] - blocks[2 * i];
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
