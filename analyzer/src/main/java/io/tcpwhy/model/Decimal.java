package io.tcpwhy.model;

import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.nio.charset.StandardCharsets;

/**
 * Numbers written as ASCII digits straight into a byte array, for the writers that build
 * bytes rather than Strings: the JSON writer, the text report and the diagnosis prose. One
 * place for the digit arithmetic, which each of them had written again (issue 12). The
 * caller makes room first: {@link #MAX_LONG_LENGTH} bytes for a number,
 * {@link #MAX_SECONDS_MILLIS_LENGTH} for seconds.
 */
public final class Decimal {

    /** {@code -9223372036854775808}: room for any long. */
    public static final int MAX_LONG_LENGTH = 20;
    /**
     * Room for {@link #writeSecondsMillis} of any long: a sign, ten digits, the point, three
     * decimals; {@link Long#MIN_VALUE}, whose negation overflows, writes two signed numbers
     * (no duration of a capture comes near it, but it must not write past the room).
     */
    public static final int MAX_SECONDS_MILLIS_LENGTH = 2 * MAX_LONG_LENGTH + 4;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final int MILLIS_PER_SECOND = 1000;
    /** {@link Endpoint#toString}'s longest: {@code [} an IPv6 address of 39 characters {@code ]:65535}. */
    public static final int MAX_ENDPOINT_LENGTH = 47;
    private static final byte[] MIN_VALUE = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    private static final int OCTET_MASK = 0xFF;
    /** The digits of 0-99, tens and ones: two digits per division. */
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];
    /** 10^0 to 10^9. */
    private static final int[] POWERS_OF_TEN = new int[10];
    /** log10(2) in 12-bit fixed point (1233 / 4096): a number of binary digits to decimal ones. */
    private static final int LOG10_2_Q12 = 1233;

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
        int power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++, power *= 10) {
            POWERS_OF_TEN[i] = power;
        }
    }

    private Decimal() {
    }

    /** How many digits {@code v} has, which is not negative. */
    public static int length(long v) {
        if (v <= Integer.MAX_VALUE) {
            return length((int) v);
        }
        long power = 10;
        for (int d = 1; d < MAX_LONG_LENGTH - 1; d++) {
            if (v < power) {
                return d;
            }
            power *= 10;
        }
        return MAX_LONG_LENGTH - 1;
    }

    /**
     * How many digits the int {@code v} has, which is not negative, without a loop: from its
     * binary length, then one comparison (0 counts as 1: {@code v | 1} changes no even power
     * of ten's side).
     */
    private static int length(int v) {
        int odd = v | 1;
        int guess = (Integer.SIZE - Integer.numberOfLeadingZeros(odd)) * LOG10_2_Q12 >>> 12;
        return odd >= POWERS_OF_TEN[guess] ? guess + 1 : guess;
    }

    /**
     * Writes {@code v}, from 0 to 10^{@code width} - 1, in exactly {@code width} digits
     * (leading zeros) at {@code at}: a timestamp's second or fraction; returns the index after it.
     */
    public static int writePadded(byte[] b, int at, int v, int width) {
        int p = at + width;
        int left = width;
        for (; left >= 2; left -= 2) {
            int q = v / 100;
            int pair = v - q * 100;
            b[--p] = ONES[pair];
            b[--p] = TENS[pair];
            v = q;
        }
        if (left == 1) {
            b[--p] = (byte) ('0' + v);
        }
        return at + width;
    }

    /** Writes {@code v} at {@code at} as {@link Long#toString(long)} does; returns the index after it. */
    public static int write(byte[] b, int at, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                System.arraycopy(MIN_VALUE, 0, b, at, MIN_VALUE.length);
                return at + MIN_VALUE.length;
            }
            b[at++] = '-';
            v = -v;
        }
        int end = at + length(v);
        int p = end;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int pair = (int) (v - q * 100);
            b[--p] = ONES[pair];
            b[--p] = TENS[pair];
            v = q;
        }
        // Frame numbers, byte counts and the like fit an int, whose division is cheaper.
        int m = (int) v;
        while (m >= 100) {
            int q = m / 100;
            int pair = m - q * 100;
            b[--p] = ONES[pair];
            b[--p] = TENS[pair];
            m = q;
        }
        if (m >= 10) {
            b[--p] = ONES[m];
            b[--p] = TENS[m];
        } else {
            b[--p] = (byte) ('0' + m);
        }
        return end;
    }

    /**
     * {@code 1.234}: a duration in seconds with three decimals, rounded half up, as
     * {@code String.format("%.3f", nanos / 1e9)} prints it; returns the index after it.
     */
    public static int writeSecondsMillis(byte[] b, int at, long nanos) {
        if (nanos < 0) {
            b[at++] = '-';
            nanos = -nanos;
        }
        long millis = (nanos + NANOS_PER_MILLI / 2) / NANOS_PER_MILLI;
        long fraction = millis % MILLIS_PER_SECOND;
        at = write(b, at, millis / MILLIS_PER_SECOND);
        b[at++] = '.';
        if (fraction < 100) {
            b[at++] = '0';
        }
        if (fraction < 10) {
            b[at++] = '0';
        }
        return write(b, at, fraction);
    }

    /**
     * {@link Endpoint#toString} as ASCII at {@code at}: an IPv4 endpoint ({@code 10.0.0.1:40000})
     * digit by digit, with no String; an IPv6 one through {@code toString}, whose RFC 5952
     * compression is not worth a second copy. Returns the index after it; room:
     * {@link #MAX_ENDPOINT_LENGTH}.
     */
    public static int writeEndpoint(byte[] b, int at, Endpoint e) {
        IpAddress a = e.address();
        if (a.v6()) {
            byte[] text = e.toString().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, b, at, text.length);
            return at + text.length;
        }
        long ip = a.low();
        for (int shift = 3 * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            at = write(b, at, (ip >>> shift) & OCTET_MASK);
            b[at++] = (byte) (shift == 0 ? ':' : '.');
        }
        return write(b, at, e.port());
    }
}
