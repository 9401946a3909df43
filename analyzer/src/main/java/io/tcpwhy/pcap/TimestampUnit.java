package io.tcpwhy.pcap;

/**
 * The tick of a capture's timestamps: 10^-exponent or 2^-exponent seconds, as pcapng's
 * {@code if_tsresol} option encodes it (draft-ietf-opsawg-pcapng section 4.2: most
 * significant bit 0 for a negative power of 10, 1 for a negative power of 2).
 */
record TimestampUnit(boolean binary, int exponent) {

    /** pcapng's default when an interface has no if_tsresol, and classic pcap's usual tick. */
    static final TimestampUnit MICROSECONDS = new TimestampUnit(false, 6);
    static final TimestampUnit NANOSECONDS = new TimestampUnit(false, 9);

    // A 64-bit tick count cannot tell finer units apart from zero within a second's range.
    static final int MAX_DECIMAL_EXPONENT = 18;
    static final int MAX_BINARY_EXPONENT = 63;

    private static final int TSRESOL_BINARY_FLAG = 0x80;
    private static final int TSRESOL_EXPONENT_MASK = 0x7f;
    private static final int NANO_DIGITS = 9;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] POWERS_OF_TEN = new long[MAX_DECIMAL_EXPONENT + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    TimestampUnit {
        int max = binary ? MAX_BINARY_EXPONENT : MAX_DECIMAL_EXPONENT;
        if (exponent < 0 || exponent > max) {
            throw new IllegalArgumentException("timestamp exponent " + exponent + " (expected 0 to " + max + ")");
        }
    }

    /** Whether an if_tsresol byte names a unit this class can convert. */
    static boolean isValidTsresol(int tsresol) {
        int exponent = tsresol & TSRESOL_EXPONENT_MASK;
        return (tsresol & TSRESOL_BINARY_FLAG) != 0 ? exponent <= MAX_BINARY_EXPONENT : exponent <= MAX_DECIMAL_EXPONENT;
    }

    /** The unit an if_tsresol byte names; check {@link #isValidTsresol} first. */
    static TimestampUnit ofTsresol(int tsresol) {
        return new TimestampUnit((tsresol & TSRESOL_BINARY_FLAG) != 0, tsresol & TSRESOL_EXPONENT_MASK);
    }

    /** Readable form for messages: {@code 10^-6} or {@code 2^-20}. */
    static String describeTsresol(int tsresol) {
        return ((tsresol & TSRESOL_BINARY_FLAG) != 0 ? "2^-" : "10^-") + (tsresol & TSRESOL_EXPONENT_MASK);
    }

    /** Converts an unsigned tick count to nanoseconds, truncating finer fractions. */
    long toNanos(long ticks) {
        if (!binary) {
            return exponent <= NANO_DIGITS
                    ? ticks * POWERS_OF_TEN[NANO_DIGITS - exponent]
                    : Long.divideUnsigned(ticks, POWERS_OF_TEN[exponent - NANO_DIGITS]);
        }
        if (exponent == 0) {
            return ticks * NANOS_PER_SECOND;
        }
        long seconds = ticks >>> exponent;
        // The fraction as a 64-bit binary fraction of a second, times 10^9, high word.
        long fraction = ticks << (Long.SIZE - exponent);
        long fractionNanos = Math.multiplyHigh(fraction, NANOS_PER_SECOND) + (fraction < 0 ? NANOS_PER_SECOND : 0);
        return seconds * NANOS_PER_SECOND + fractionNanos;
    }

    /**
     * Decimal fraction digits that show every tick apart, capped at nanoseconds: 6 for
     * 10^-6, 9 for 10^-9 and finer, 7 for 2^-20 (a tick of 0.95 microseconds).
     */
    int digits() {
        if (!binary) {
            return Math.min(exponent, NANO_DIGITS);
        }
        if (exponent >= Integer.SIZE - 2) {
            return NANO_DIGITS; // 2^30 > 10^9
        }
        long ticksPerSecond = 1L << exponent;
        int digits = 0;
        while (digits < NANO_DIGITS && POWERS_OF_TEN[digits] < ticksPerSecond) {
            digits++;
        }
        return digits;
    }
}
