package io.tcpwhy.replay;

import io.tcpwhy.model.Side;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rebuilds one direction's byte stream from its segments by sequence number (RFC 9293
 * §3.4): retransmitted bytes count once, segments that came out of order take their place,
 * and each recorded segment stays one chunk so the replay writes in the same pieces.
 */
final class StreamAssembler {

    /** Sequence numbers are unsigned 32 bits (RFC 9293 §3.4) and wrap. */
    private static final long SEQUENCE_SPACE = 1L << 32;

    private final Side from;
    private final long maxBytes;
    private final List<Chunk> pieces = new ArrayList<>();
    private long base = -1;
    private boolean baseFromSyn;
    private long held;

    StreamAssembler(Side from, long maxBytes) {
        this.from = from;
        this.maxBytes = maxBytes;
    }

    /** The sender's SYN: its sequence number is the ISN, the first payload byte is ISN + 1. */
    void syn(long seq) {
        if (!baseFromSyn) {
            base = (seq + 1) % SEQUENCE_SPACE;
            baseFromSyn = true;
        }
    }

    /**
     * A segment's payload. Without a SYN the first payload seen starts the stream.
     *
     * @throws ReplayException when the stream would outgrow {@code maxBytes}
     */
    void payload(long seq, byte[] bytes, long frame, long timeNanos) throws ReplayException {
        if (base < 0) {
            base = seq;
        }
        long offset = Math.floorMod(seq - base, SEQUENCE_SPACE);
        held += bytes.length;
        if (held > maxBytes) {
            throw new ReplayException("the " + from.wire() + "'s payload passes " + maxBytes
                    + " bytes at frame " + frame + " (expected at most " + maxBytes + " bytes per direction)");
        }
        pieces.add(new Chunk(from, offset, bytes, frame, timeNanos));
    }

    /**
     * The stream in order, each byte once: a piece that repeats bytes already placed keeps
     * only its new tail.
     *
     * @throws ReplayException when bytes are missing (never captured), naming the first gap
     */
    List<Chunk> chunks() throws ReplayException {
        List<Chunk> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparingLong(Chunk::offset).thenComparingLong(Chunk::frame));
        List<Chunk> out = new ArrayList<>();
        long next = 0;
        for (Chunk c : sorted) {
            long end = c.offset() + c.length();
            if (end <= next) {
                continue; // a retransmission of bytes already placed
            }
            if (c.offset() > next) {
                throw new ReplayException("the " + from.wire() + "'s stream misses bytes " + next + "-"
                        + (c.offset() - 1) + " before frame " + c.frame()
                        + " (expected every byte in the capture: were frames lost?)");
            }
            byte[] b = c.bytes();
            int skip = (int) (next - c.offset());
            byte[] fresh = skip == 0 ? b : java.util.Arrays.copyOfRange(b, skip, b.length);
            out.add(new Chunk(from, next, fresh, c.frame(), c.timeNanos()));
            next = end;
        }
        return out;
    }

    static byte[] concat(List<Chunk> chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Chunk c : chunks) {
            all.writeBytes(c.bytes());
        }
        return all.toByteArray();
    }
}
