package io.tcpwhy.diagnosis;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A connection's segments for evidence tables and ladders, in bounded memory: every
 * segment up to {@link #HEAD} + {@link #TAIL}; beyond that the first {@link #HEAD}, the
 * last {@link #TAIL} and the SYN, FIN and RST segments in between (at most
 * {@link #MAX_CONTROL}), since those are what an explanation cites.
 *
 * <p>Each kept segment is {@link #STRIDE} longs in a flat array rather than an object:
 * every open connection holds its log, and a log of objects was a tenth of all the bytes
 * the analysis allocated and the collector copied. The arrays start small and grow to
 * their caps; the tail and the control list exist only past {@link #HEAD} segments.
 */
final class SegmentLog {

    static final int HEAD = 32;
    static final int TAIL = 32;
    static final int MAX_CONTROL = 64;

    // One kept segment: raw numbers; relative ones are computed when the ISNs are known, at report time.
    private static final int FRAME = 0;
    private static final int TIME = 1;
    /** The raw sequence number (32 bits, RFC 9293 §3.1) in the high half, the raw acknowledgment in the low. */
    private static final int SEQ_ACK = 2;
    /**
     * Payload length in the high 32 bits; in the low 32, the raw 16-bit window, the 8 flag
     * bits above it and, in the top bit, whether the server sent it.
     */
    private static final int PAYLOAD_REST = 3;
    private static final int STRIDE = 4;
    private static final int WINDOW_BITS = 16;
    private static final long WINDOW_MASK = (1L << WINDOW_BITS) - 1;
    private static final long FLAGS_MASK = 0xFF;
    private static final long FROM_SERVER = 1L << 31;
    private static final int FIRST_HEAD = 8;
    private static final int CONTROL_FLAGS = TcpSegment.SYN | TcpSegment.FIN | TcpSegment.RST;

    private long[] head = new long[FIRST_HEAD * STRIDE];
    private int headCount;
    /** The last {@link #TAIL} segments past the head, a ring from {@link #tailFirst}. */
    private long[] tail;
    private int tailFirst;
    private int tailCount;
    private long[] control;
    private int controlCount;
    private long omitted;

    void add(TcpSegment s, Side from) {
        if (headCount < HEAD) {
            if (headCount * STRIDE == head.length) {
                head = Arrays.copyOf(head, Math.min(HEAD, headCount * 2) * STRIDE);
            }
            put(head, headCount++ * STRIDE, s, from);
            return;
        }
        if (tail == null) {
            tail = new long[TAIL * STRIDE];
        }
        if (tailCount == TAIL) {
            int oldest = tailFirst * STRIDE;
            if ((flags(tail, oldest) & CONTROL_FLAGS) != 0 && controlCount < MAX_CONTROL) {
                if (control == null) {
                    control = new long[4 * STRIDE];
                } else if (controlCount * STRIDE == control.length) {
                    control = Arrays.copyOf(control, Math.min(MAX_CONTROL, controlCount * 2) * STRIDE);
                }
                System.arraycopy(tail, oldest, control, controlCount++ * STRIDE, STRIDE);
            } else {
                omitted++;
            }
            tailFirst = (tailFirst + 1) % TAIL;
            tailCount--;
        }
        put(tail, (tailFirst + tailCount) % TAIL * STRIDE, s, from);
        tailCount++;
    }

    private static void put(long[] to, int at, TcpSegment s, Side from) {
        to[at + FRAME] = s.frame();
        to[at + TIME] = s.timeNanos();
        to[at + SEQ_ACK] = s.seq() << 32 | (s.ack() & 0xFFFF_FFFFL);
        to[at + PAYLOAD_REST] = (long) s.payloadLength() << 32 | (s.flags() & FLAGS_MASK) << WINDOW_BITS
                | (s.window() & WINDOW_MASK) | (from == Side.SERVER ? FROM_SERVER : 0);
    }

    private static int flags(long[] in, int at) {
        return (int) (in[at + PAYLOAD_REST] >>> WINDOW_BITS & FLAGS_MASK);
    }

    /** Segments left out of {@link #evidence} because of the caps. */
    long omitted() {
        return omitted;
    }

    void flipRoles() {
        flip(head, headCount);
        flip(control, controlCount);
        flip(tail, tailCount == 0 ? 0 : TAIL); // every slot: which ones are in use does not matter
    }

    private static void flip(long[] in, int count) {
        for (int i = 0; i < count; i++) {
            in[i * STRIDE + PAYLOAD_REST] ^= FROM_SERVER;
        }
    }

    /** Kept segments in capture order, with sequence numbers relative to each side's base. */
    List<SegmentEvidence> evidence(EndpointTrack client, EndpointTrack server) {
        List<SegmentEvidence> out = new ArrayList<>(headCount + controlCount + tailCount);
        for (int i = 0; i < headCount; i++) {
            out.add(evidence(head, i * STRIDE, client, server));
        }
        for (int i = 0; i < controlCount; i++) {
            out.add(evidence(control, i * STRIDE, client, server));
        }
        for (int i = 0; i < tailCount; i++) {
            out.add(evidence(tail, (tailFirst + i) % TAIL * STRIDE, client, server));
        }
        return out;
    }

    private static SegmentEvidence evidence(long[] in, int at, EndpointTrack client, EndpointTrack server) {
        long rest = in[at + PAYLOAD_REST];
        Side from = (rest & FROM_SERVER) != 0 ? Side.SERVER : Side.CLIENT;
        int flags = flags(in, at);
        EndpointTrack sender = from == Side.CLIENT ? client : server;
        EndpointTrack receiver = from == Side.CLIENT ? server : client;
        long seq = in[at + SEQ_ACK] >>> 32;
        long ack = in[at + SEQ_ACK] & 0xFFFF_FFFFL;
        long relSeq = sender.base == EndpointTrack.NONE ? -1 : SeqMath.relative(seq, sender.base);
        boolean hasAck = (flags & TcpSegment.ACK) != 0;
        long relAck = !hasAck || receiver.base == EndpointTrack.NONE ? -1 : SeqMath.relative(ack, receiver.base);
        return new SegmentEvidence(in[at + FRAME], in[at + TIME], from, TcpSegment.flagString(flags), relSeq, relAck,
                (int) (rest >>> 32), (int) (rest & WINDOW_MASK));
    }
}
