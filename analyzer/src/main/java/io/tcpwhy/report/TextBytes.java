package io.tcpwhy.report;

import io.tcpwhy.model.Decimal;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text built straight into bytes of the output's charset, in an array this object keeps
 * and reuses: the text report's lines and stories. Before, each went StringBuilder, then
 * String, then {@code getBytes}, then a ByteArrayOutputStream: four copies of every byte,
 * about half of the text writer's CPU on a big capture (issue 12).
 *
 * <p>Only for charsets in which ASCII is one byte per char and the encoding of a text is
 * the encodings of its pieces put end to end ({@link #encodesDirectly}): UTF-8, ISO-8859-1
 * and US-ASCII. What a charset cannot encode is written {@code ?}, as a writer in it would.
 * Not for sharing between threads.
 */
final class TextBytes {

    /** Strings up to this long are copied char by char; longer ones through the JDK's vectorized encoder. */
    private static final int SHORT_STRING = 32;
    /** First char that is not ASCII. */
    private static final char FIRST_NON_ASCII = 0x80;
    /** Slots of the {@link #constant} cache, a power of two. */
    private static final int CONSTANT_SLOTS = 512;
    /** 10^0 to 10^9: every precision a capture has, exact as doubles. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    /**
     * Below this a scaled value's double error (an ulp, some 0.002 here, plus the decimal
     * text's own distance from the double) stays far inside {@link #TIE_MARGIN}.
     */
    private static final double MAX_SCALED_SECONDS = 1e13;
    private static final double TIE_MARGIN = 0.01;
    /** The largest array a JVM allocates, about. */
    private static final int MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;
    private static final byte[] SPACES = ascii(" ".repeat(64));

    private final Charset charset;
    private byte[] buffer;
    private int size;
    /** Strings met again and again (enum names, fixed wordings) and their bytes, by identity. */
    private final String[] constants = new String[CONSTANT_SLOTS];
    private final byte[][] constantBytes = new byte[CONSTANT_SLOTS][];

    TextBytes(Charset charset, int initialBytes) {
        if (!encodesDirectly(charset)) {
            throw new IllegalArgumentException("charset " + charset + " (expected UTF-8, ISO-8859-1 or US-ASCII)");
        }
        this.charset = charset;
        this.buffer = new byte[initialBytes];
    }

    /** Whether text in {@code charset} can be built by this class. */
    static boolean encodesDirectly(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.ISO_8859_1)
                || charset.equals(StandardCharsets.US_ASCII);
    }

    /** Bytes of a literal in ASCII, for constants. */
    static byte[] ascii(String literal) {
        for (int i = 0; i < literal.length(); i++) {
            if (literal.charAt(i) >= FIRST_NON_ASCII) {
                throw new IllegalArgumentException("'" + literal + "' is not ASCII (char " + i + ")");
            }
        }
        return literal.getBytes(StandardCharsets.US_ASCII);
    }

    Charset charset() {
        return charset;
    }

    int length() {
        return size;
    }

    void reset() {
        size = 0;
    }

    /** {@code s} encoded. */
    TextBytes append(String s) {
        int n = s.length();
        if (n > SHORT_STRING) {
            return append(s.getBytes(charset));
        }
        ensure(n);
        byte[] b = buffer;
        int at = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= FIRST_NON_ASCII) {
                // Cut after an ASCII char, so never inside a surrogate pair.
                size = at + i;
                return append(s.substring(i).getBytes(charset));
            }
            b[at + i] = (byte) c;
        }
        size = at + n;
        return this;
    }

    /**
     * {@code s} encoded, its bytes kept for the next time the same String object comes: for
     * strings that live as long as the program (enum names, fixed wordings), not for prose
     * built per connection, which would only push them out.
     */
    TextBytes constant(String s) {
        int slot = System.identityHashCode(s) & (CONSTANT_SLOTS - 1);
        byte[] bytes;
        if (constants[slot] == s) {
            bytes = constantBytes[slot];
        } else {
            bytes = s.getBytes(charset);
            constants[slot] = s;
            constantBytes[slot] = bytes;
        }
        return append(bytes);
    }

    /** Bytes already in this charset (ASCII constants). */
    TextBytes append(byte[] bytes) {
        return append(bytes, bytes.length);
    }

    /** The first {@code length} of {@code bytes}, which are in this charset already (ASCII is in every one). */
    TextBytes append(byte[] bytes, int length) {
        ensure(length);
        System.arraycopy(bytes, 0, buffer, size, length);
        size += length;
        return this;
    }

    /** An ASCII char (a literal): one byte in every charset this class takes. */
    TextBytes ascii(char c) {
        ensure(1);
        buffer[size++] = (byte) c;
        return this;
    }

    /** {@code value} in decimal, as {@link StringBuilder#append(long)} writes it. */
    TextBytes decimal(long value) {
        ensure(Decimal.MAX_LONG_LENGTH);
        size = Decimal.write(buffer, size, value);
        return this;
    }

    /** {@code other}'s bytes, which are in this charset too. */
    TextBytes append(TextBytes other) {
        ensure(other.size);
        System.arraycopy(other.buffer, 0, buffer, size, other.size);
        size += other.size;
        return this;
    }

    /**
     * {@code 1.234}: a duration in seconds with three decimals, rounded half up, as
     * {@code Timestamps.secondsMillis} writes it ({@link Decimal#writeSecondsMillis}).
     */
    TextBytes secondsMillis(long nanos) {
        ensure(Decimal.MAX_SECONDS_MILLIS_LENGTH);
        size = Decimal.writeSecondsMillis(buffer, size, nanos);
        return this;
    }

    /**
     * {@code JsonReport.seconds(value, digits).toPlainString()} (a finding's seconds at the
     * capture's precision, at least one fraction digit) without BigDecimal, which was a
     * twentieth of the writer: the value is scaled and rounded in double arithmetic when
     * that cannot differ from rounding its decimal text, which is whenever it is small enough
     * and not within a hundredth of a half; the rest goes through BigDecimal.
     */
    TextBytes seconds(double value, int digits) {
        if (value >= 0 && digits >= 0 && digits < POWERS_OF_TEN.length) {
            double scaled = value * POWERS_OF_TEN[digits];
            if (scaled < MAX_SCALED_SECONDS) {
                double floor = Math.floor(scaled);
                double fraction = scaled - floor;
                if (Math.abs(fraction - 0.5) > TIE_MARGIN) {
                    long rounded = (long) floor + (fraction > 0.5 ? 1 : 0);
                    long unit = (long) POWERS_OF_TEN[digits];
                    return plainDecimal(rounded / unit, rounded % unit, digits);
                }
            }
        }
        return append(JsonReport.seconds(value, digits).toPlainString());
    }

    /** {@code whole.fraction} with the fraction's {@code digits} less their trailing zeros, at least one. */
    private TextBytes plainDecimal(long whole, long fraction, int digits) {
        decimal(whole).ascii('.');
        if (fraction == 0) {
            return ascii('0');
        }
        long f = fraction;
        int width = digits;
        while (f % 10 == 0) {
            f /= 10;
            width--;
        }
        for (int zeros = width - Decimal.length(f); zeros > 0; zeros--) {
            ascii('0');
        }
        return decimal(f);
    }

    /** Right-aligns what was written since {@code column} in {@code width} bytes (ASCII columns). */
    TextBytes padLeft(int column, int width) {
        int missing = width - (size - column);
        if (missing > 0) {
            ensure(missing);
            System.arraycopy(buffer, column, buffer, column + missing, size - column);
            fillSpaces(column, missing);
            size += missing;
        }
        return this;
    }

    /** Left-aligns what was written since {@code column} in {@code width} bytes (ASCII columns). */
    TextBytes padRight(int column, int width) {
        int missing = width - (size - column);
        if (missing > 0) {
            ensure(missing);
            fillSpaces(size, missing);
            size += missing;
        }
        return this;
    }

    private void fillSpaces(int at, int count) {
        if (count <= SPACES.length) {
            System.arraycopy(SPACES, 0, buffer, at, count);
        } else {
            Arrays.fill(buffer, at, at + count, (byte) ' ');
        }
    }

    /** A copy of the text's bytes. */
    byte[] toBytes() {
        return Arrays.copyOf(buffer, size);
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buffer, 0, size);
    }

    void writeTo(Spool spool) throws IOException {
        spool.write(buffer, 0, size);
    }

    /** The text decoded, for a writer of chars. */
    @Override
    public String toString() {
        return new String(buffer, 0, size, charset);
    }

    /** Room for {@code more} bytes; small enough for the JIT to inline everywhere, the growth apart. */
    private void ensure(int more) {
        if (more > buffer.length - size) {
            grow(more);
        }
    }

    private void grow(int more) {
        long needed = (long) size + more;
        if (needed > MAX_BUFFER_BYTES) {
            throw new IllegalStateException("text of " + size + " + " + more + " bytes (expected at most "
                    + MAX_BUFFER_BYTES + ")");
        }
        buffer = Arrays.copyOf(buffer, (int) Math.max(needed, Math.min(MAX_BUFFER_BYTES, buffer.length * 2L)));
    }
}
