package io.tcpwhy.diagnosis;

/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4): comparisons are made on the
 * signed 32-bit difference, so they stay right when a connection's numbers wrap.
 */
final class SeqMath {

    static final long MASK = 0xFFFF_FFFFL;

    private SeqMath() {
    }

    /** {@code a - b} as a signed 32-bit distance. */
    static long diff(long a, long b) {
        return (int) (a - b);
    }

    /** Whether {@code a} lies after {@code b} in sequence space. */
    static boolean after(long a, long b) {
        return diff(a, b) > 0;
    }

    static long add(long seq, long n) {
        return (seq + n) & MASK;
    }

    /** Position of {@code seq} relative to {@code base}, as Wireshark shows relative numbers. */
    static long relative(long seq, long base) {
        return (seq - base) & MASK;
    }
}
