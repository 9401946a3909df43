package io.tcpwhy.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text built as UTF-8 bytes (RFC 8259 §8.1) in an array this object keeps, then
 * written to the output in blocks ({@link #drainOver}, {@link #flush}); compact, or in the {@code --pretty} layout
 * (two-space indentation, {@code "key": value}, one array element per line, empty
 * containers as {@code []} and {@code {}}). Both layouts and the escaping are byte for byte
 * what Jackson's UTF-8 generator wrote before, with and without the pretty printer
 * {@link JsonReport} gave it (docs/json.md): JsonBytesTest compares the two.
 *
 * <p>Why not Jackson: on the 1M-frame capture the generator's own bookkeeping (a write
 * context per container, a field-name check and a value check per value, the quoting of
 * each pre-encoded name) was most of the writer thread. Here a name is one array copy, a
 * comma is decided by one state byte per open container, and a string is one scan that
 * copies the characters needing no escape.
 *
 * <p>Not for sharing between threads. The buffer grows to hold what is written between
 * two drains (one connection, whose size is that of the report already in memory).
 */
final class JsonBytes {

    /** A string quoted and encoded once, for names and enum values written again and again. */
    static final class Quoted {

        /** {@code "text"}. */
        private final byte[] bytes;
        /** {@code ,"text":}, a compact name after an entry; from index 1, the first entry's. */
        private final byte[] compactName;

        Quoted(String text) {
            byte[] b = new byte[text.length() * MAX_BYTES_PER_CHAR + 4];
            b[0] = ',';
            int end = quote(b, 1, text.toCharArray(), 0, text.length());
            b[end] = ':';
            this.compactName = Arrays.copyOf(b, end + 1);
            this.bytes = Arrays.copyOfRange(b, 1, end);
        }
    }

    private static final int INITIAL_BYTES = 1 << 16;
    private static final int INITIAL_DEPTH = 8;
    /** Container states, one byte per open container. */
    private static final byte OBJECT = 0;
    private static final byte OBJECT_WITH_ENTRIES = 1;
    private static final byte ARRAY = 2;
    private static final byte ARRAY_WITH_ENTRIES = 3;
    /** Two spaces per level, after a line break ({@code --pretty}). */
    private static final int INDENT_PER_LEVEL = 2;
    /**
     * Characters below 0x80 by how they are written: 0 as they are, a letter as that
     * two-character escape, -1 as {@code \}{@code u00XX} (RFC 8259 §7: quotation mark,
     * reverse solidus and the control characters must be escaped; Jackson's choice of the
     * short forms, and not of {@code /} or DEL, is kept).
     */
    private static final int[] ASCII_ESCAPES = asciiEscapes();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    /** The longest a char becomes: {@code \}{@code uXXXX}. */
    private static final int MAX_BYTES_PER_CHAR = 6;
    /** Longs read from a byte array, for the eight-bytes-at-a-time scan of {@link #plain}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** The digits of 0-99: tens and ones. */
    private static final byte[] TENS_DIGIT = new byte[100];
    private static final byte[] ONES_DIGIT = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS_DIGIT[i] = (byte) ('0' + i / 10);
            ONES_DIGIT[i] = (byte) ('0' + i % 10);
        }
    }

    /** The largest array a JVM allocates, about. */
    private static final int MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;
    /** "-9223372036854775808". */
    private static final int MAX_LONG_DIGITS = 20;

    private final boolean pretty;
    private final OutputStream out;
    private byte[] buffer = new byte[INITIAL_BYTES];
    private int size;
    private char[] chars = new char[256];
    private byte[] containers = new byte[INITIAL_DEPTH];
    private int depth;
    private byte[] indentation = indentation(INITIAL_DEPTH);

    /** JSON onto {@code out} as UTF-8 bytes, which it flushes but never closes. */
    JsonBytes(boolean pretty, OutputStream out) {
        this.pretty = pretty;
        this.out = out;
    }

    /** The same decoded onto {@code out}, whose charset is the caller's business. */
    JsonBytes(boolean pretty, Writer out) {
        this(pretty, new DecodingStream(out));
    }

    void startObject() {
        beforeValue();
        put((byte) '{');
        push(OBJECT);
    }

    void endObject() {
        end(OBJECT_WITH_ENTRIES, (byte) '}');
    }

    void startArray() {
        beforeValue();
        put((byte) '[');
        push(ARRAY);
    }

    void endArray() {
        end(ARRAY_WITH_ENTRIES, (byte) ']');
    }

    /** The next entry's name in the open object: {@code ,"name":} with the layout's breaks. */
    void name(Quoted name) {
        int top = openObject();
        if (pretty) {
            prettyName(top, name.bytes);
            return;
        }
        byte[] n = name.compactName;
        ensure(n.length);
        // The comma is the array's first byte: skipped (from 1) in a still empty OBJECT (0),
        // kept (from 0) in an OBJECT_WITH_ENTRIES (1). Under 100 bytes of bytecode, so that
        // the launcher's inlining budget (FreqInlineSize=100) lets the JIT inline it.
        int from = containers[top] ^ 1;
        containers[top] = OBJECT_WITH_ENTRIES;
        int length = n.length - from;
        System.arraycopy(n, from, buffer, size, length);
        size += length;
    }

    /** The index of the innermost container, which must be an object. */
    private int openObject() {
        int top = depth - 1;
        if (top < 0 || containers[top] >= ARRAY) {
            throw nameOutsideObject(top);
        }
        return top;
    }

    private void prettyName(int top, byte[] quoted) {
        ensure(quoted.length + indentation.length + 3);
        if (containers[top] == OBJECT_WITH_ENTRIES) {
            buffer[size++] = ',';
        } else {
            containers[top] = OBJECT_WITH_ENTRIES;
        }
        indent(depth);
        System.arraycopy(quoted, 0, buffer, size, quoted.length);
        size += quoted.length;
        buffer[size++] = ':';
        buffer[size++] = ' ';
    }

    void value(Quoted value) {
        beforeValue();
        byte[] v = value.bytes;
        ensure(v.length);
        System.arraycopy(v, 0, buffer, size, v.length);
        size += v.length;
    }

    /** The string quoted and escaped; null as {@code null}, as Jackson's {@code writeString(null)} did. */
    void string(String s) {
        if (s == null) {
            nullValue();
            return;
        }
        beforeValue();
        // Most strings (the prose) are plain ASCII: the JDK's vectorized encoder and one
        // scan of eight bytes at a time, half the CPU of a loop over the chars.
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == s.length() && plain(utf8)) {
            quoteAscii(utf8, utf8.length);
            return;
        }
        int length = s.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        s.getChars(0, length, chars, 0);
        quote(chars, 0, length);
    }

    /**
     * Whether the bytes of a string as long as its encoding hold nothing to escape and no
     * {@code ?}: then every char was ASCII and is its byte. (A char outside ASCII takes two
     * bytes or more, except an unpaired surrogate, which the JDK's encoder replaces by
     * {@code ?}, and which JSON writes as an escape.) Eight bytes at a time: a byte below
     * 0x20 or equal to one of the three shows as its top bit in the words below
     * ("Bit Twiddling Hacks", determine if a word has a byte less than n / equal to n).
     */
    private static boolean plain(byte[] b) {
        long found = 0;
        int i = 0;
        for (; i <= b.length - Long.BYTES; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i);
            found |= ((x - ONES * 0x20) & ~x) | zero(x ^ ONES * '"') | zero(x ^ ONES * '\\') | zero(x ^ ONES * '?');
        }
        if ((found & HIGH_BITS) != 0) {
            return false;
        }
        for (; i < b.length; i++) {
            byte c = b[i];
            if (c < 0x20 || c == '"' || c == '\\' || c == '?') {
                return false;
            }
        }
        return true;
    }

    /** The top bit of each zero byte set (and maybe of bytes above one). */
    private static long zero(long x) {
        return (x - ONES) & ~x;
    }

    void string(char[] text, int offset, int length) {
        beforeValue();
        quote(text, offset, length);
    }

    /**
     * A string the caller knows to be printable ASCII with nothing to escape (a timestamp,
     * an IPv4 endpoint): copied as it is between quotes.
     */
    void ascii(byte[] text, int length) {
        beforeValue();
        quoteAscii(text, length);
    }

    private void quoteAscii(byte[] text, int length) {
        ensure(length + 2);
        byte[] b = buffer;
        int p = size;
        b[p++] = '"';
        System.arraycopy(text, 0, b, p, length);
        p += length;
        b[p++] = '"';
        size = p;
    }

    void number(long value) {
        beforeValue();
        ensure(MAX_LONG_DIGITS);
        if (value >= 0 && value <= Integer.MAX_VALUE) {
            size = digits(buffer, size, (int) value); // most numbers: frames, lengths, windows
        } else {
            size = longDigits(buffer, size, value);
        }
    }

    /** Writes any long in decimal at {@code at} (room ensured); returns the index after it. */
    private static int longDigits(byte[] b, int at, long value) {
        if (value == Long.MIN_VALUE) {
            byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, b, at, text.length);
            return at + text.length;
        }
        int p = at;
        long v = value;
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long bound = 10; digits < MAX_LONG_DIGITS - 1 && v >= bound; bound *= 10) {
            digits++;
        }
        int end = p + digits;
        for (int i = end - 1; i >= p; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    /** Writes a non-negative int in decimal at {@code at}; returns the index after it. Two digits per division. */
    private static int digits(byte[] b, int at, int value) {
        int end = at + decimalLength(value);
        int p = end;
        int v = value;
        while (v >= 100) {
            int pair = v % 100;
            v /= 100;
            b[--p] = ONES_DIGIT[pair];
            b[--p] = TENS_DIGIT[pair];
        }
        if (v >= 10) {
            b[--p] = ONES_DIGIT[v];
            b[--p] = TENS_DIGIT[v];
        } else {
            b[--p] = (byte) ('0' + v);
        }
        return end;
    }

    private static int decimalLength(int value) {
        int length = 1;
        for (int bound = 10; length < 10 && value >= bound; bound *= 10) {
            length++;
        }
        return length;
    }

    /** Plain decimal, never an exponent: Jackson's {@code WRITE_BIGDECIMAL_AS_PLAIN}. */
    void number(BigDecimal value) {
        beforeValue();
        ascii(value.toPlainString());
    }

    void bool(boolean value) {
        beforeValue();
        bytes(value ? TRUE : FALSE);
    }

    void nullValue() {
        beforeValue();
        bytes(NULL);
    }

    /** A line break between root-level values (JSON lines, the document's last line). */
    void newline() {
        put((byte) '\n');
    }

    /**
     * Writes what was built to the output once it holds at least {@code bytes}: between
     * values, so that the output gets whole blocks and whole characters. Open containers stay open.
     */
    void drainOver(int bytes) throws IOException {
        if (size >= bytes) {
            drain();
        }
    }

    /** Writes what was built to the output and flushes it. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        out.write(buffer, 0, size);
        size = 0;
    }

    /**
     * A writer under a byte stream, for reports given a {@link Writer}: each block decoded
     * whole, which holds because blocks end between values ({@link #drainOver}).
     */
    private static final class DecodingStream extends OutputStream {

        private final Writer chars;

        DecodingStream(Writer chars) {
            this.chars = chars;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int offset, int length) throws IOException {
            chars.write(new String(b, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() throws IOException {
            chars.flush();
        }
    }

    private void beforeValue() {
        if (depth == 0) {
            return;
        }
        int top = depth - 1;
        byte state = containers[top];
        if (state < ARRAY) {
            return; // in an object, name() placed the separator
        }
        ensure(indentation.length + 1);
        if (state == ARRAY_WITH_ENTRIES) {
            buffer[size++] = ',';
        } else {
            containers[top] = ARRAY_WITH_ENTRIES;
        }
        if (pretty) {
            indent(depth);
        }
    }

    private void push(byte container) {
        if (depth == containers.length) {
            containers = Arrays.copyOf(containers, depth * 2);
            indentation = indentation(depth * 2);
        }
        containers[depth++] = container;
    }

    private void end(byte withEntries, byte bracket) {
        if (depth == 0 || (containers[depth - 1] | 1) != withEntries) {
            throw notOpen(withEntries);
        }
        byte state = containers[--depth];
        ensure(indentation.length + 1);
        if (pretty && state == withEntries) {
            indent(depth);
        }
        buffer[size++] = bracket;
    }

    private IllegalStateException notOpen(byte withEntries) {
        String open = depth == 0 ? "depth 0" : (containers[depth - 1] < ARRAY ? "an object" : "an array") + " is";
        return new IllegalStateException("no " + kind(withEntries) + " is open (" + open + ")");
    }

    private static IllegalStateException nameOutsideObject(int top) {
        return new IllegalStateException("a name outside an object (" + (top < 0 ? "at the root" : "in an array") + ")");
    }

    private static String kind(byte container) {
        return container >= ARRAY ? "array" : "object";
    }

    /** A line break and the indentation of {@code level} (capacity ensured by the caller). */
    private void indent(int level) {
        int length = 1 + level * INDENT_PER_LEVEL;
        System.arraycopy(indentation, 0, buffer, size, length);
        size += length;
    }

    /**
     * {@code "text"}, escaped as RFC 8259 §7 requires and encoded in UTF-8 (RFC 3629 §3),
     * with Jackson's one departure kept: a UTF-16 surrogate, paired or not, is written as
     * its own {@code \}{@code uXXXX} escape, never as a 4-byte sequence.
     */
    private void quote(char[] text, int offset, int length) {
        long most = (long) length * MAX_BYTES_PER_CHAR + 2;
        if (most > buffer.length - size) {
            grow(most);
        }
        size = quote(buffer, size, text, offset, length);
    }

    /** Writes the quoted text at {@code at} (room for the longest ensured); returns the index after it. */
    private static int quote(byte[] b, int at, char[] text, int offset, int length) {
        int p = at;
        b[p++] = '"';
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = text[i];
            if (c < 0x80 && ASCII_ESCAPES[c] == 0) {
                b[p++] = (byte) c;
            } else {
                p = escapeOrEncode(b, p, c);
            }
        }
        b[p++] = '"';
        return p;
    }

    private static int escapeOrEncode(byte[] b, int at, char c) {
        int p = at;
        if (c < 0x80) {
            int escape = ASCII_ESCAPES[c];
            b[p++] = '\\';
            if (escape > 0) {
                b[p++] = (byte) escape;
                return p;
            }
            return hex(b, p, c);
        }
        if (c < 0x800) {
            b[p++] = (byte) (0xC0 | c >> 6);
            b[p++] = (byte) (0x80 | c & 0x3F);
            return p;
        }
        if (Character.isSurrogate(c)) {
            b[p++] = '\\';
            return hex(b, p, c);
        }
        b[p++] = (byte) (0xE0 | c >> 12);
        b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
        b[p++] = (byte) (0x80 | c & 0x3F);
        return p;
    }

    /** {@code uXXXX} after the backslash, upper-case hex as Jackson writes it. */
    private static int hex(byte[] b, int at, char c) {
        b[at] = 'u';
        b[at + 1] = HEX[c >> 12 & 0xF];
        b[at + 2] = HEX[c >> 8 & 0xF];
        b[at + 3] = HEX[c >> 4 & 0xF];
        b[at + 4] = HEX[c & 0xF];
        return at + 5;
    }

    private void ascii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) text.charAt(i);
        }
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buffer, size, b.length);
        size += b.length;
    }

    private void put(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void ensure(int more) {
        if (more > buffer.length - size) {
            grow(more);
        }
    }

    /** Room for {@code more} bytes (a long: a string's worst case may pass an int). */
    private void grow(long more) {
        long needed = size + more;
        if (needed > MAX_BUFFER_BYTES) {
            throw new ReportException("a JSON value of " + needed + " bytes (expected: at most " + MAX_BUFFER_BYTES + ")",
                    null);
        }
        buffer = Arrays.copyOf(buffer, (int) Math.max(needed, Math.min(MAX_BUFFER_BYTES, buffer.length * 2L)));
    }

    private static byte[] indentation(int levels) {
        byte[] text = new byte[1 + levels * INDENT_PER_LEVEL];
        Arrays.fill(text, (byte) ' ');
        text[0] = '\n';
        return text;
    }

    private static int[] asciiEscapes() {
        int[] table = new int[0x80];
        for (int c = 0; c < 0x20; c++) {
            table[c] = -1;
        }
        table['"'] = '"';
        table['\\'] = '\\';
        table['\b'] = 'b';
        table['\t'] = 't';
        table['\n'] = 'n';
        table['\f'] = 'f';
        table['\r'] = 'r';
        return table;
    }
}
