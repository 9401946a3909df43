package io.tcpwhy.report;

import io.tcpwhy.model.Decimal;
import io.tcpwhy.model.Timestamps;
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
 * each pre-encoded name) was most of the writer thread. Here a name is three word stores,
 * a comma is decided by one state (what the innermost container takes next), a
 * {@code member} writes a name and its value in one call, and a string is one scan and one
 * copy when nothing in it needs care.
 *
 * <p>Not for sharing between threads. The buffer grows to hold what is written between
 * two drains (one connection, whose size is that of the report already in memory).
 */
final class JsonBytes {

    /** A string quoted and encoded once, for names and enum values written again and again. */
    static final class Quoted {

        /** {@code "text"}. */
        private final byte[] bytes;
        /**
         * {@code "text"} in little-endian words, the last one padded: a value copied by
         * whole-word stores, the first three kept in fields (every name and enum value of the
         * report fits in them) and always written, so that the usual copy has no loop.
         */
        private final long[] valueWords;
        private final long value0;
        private final long value1;
        private final long value2;
        /** {@code "text":}, a compact name, in words likewise. */
        private final long[] compactNameWords;
        private final long name0;
        private final long name1;
        private final long name2;
        private final int compactNameLength;
        /** The room the word stores of the value and of the compact name (its comma included) take. */
        private final int valueRoom;
        private final int compactNameRoom;
        /** {@code "text": }, a name in the pretty layout. */
        private final byte[] prettyName;

        Quoted(String text) {
            byte[] b = new byte[text.length() * MAX_BYTES_PER_CHAR + 2];
            int end = quote(b, 0, text.toCharArray(), 0, text.length());
            this.bytes = Arrays.copyOf(b, end);
            this.valueWords = words(bytes);
            this.value0 = valueWords[0];
            this.value1 = valueWords.length > 1 ? valueWords[1] : 0;
            this.value2 = valueWords.length > 2 ? valueWords[2] : 0;
            byte[] compact = Arrays.copyOf(bytes, end + 1);
            compact[end] = ':';
            this.compactNameWords = words(compact);
            this.name0 = compactNameWords[0];
            this.name1 = compactNameWords.length > 1 ? compactNameWords[1] : 0;
            this.name2 = compactNameWords.length > 2 ? compactNameWords[2] : 0;
            this.compactNameLength = compact.length;
            this.valueRoom = wordsRoom(bytes.length);
            this.compactNameRoom = 1 + wordsRoom(compact.length);
            this.prettyName = Arrays.copyOf(compact, end + 2);
            prettyName[end + 1] = ' ';
        }

        private static long[] words(byte[] text) {
            byte[] padded = Arrays.copyOf(text, (text.length + Long.BYTES - 1) / Long.BYTES * Long.BYTES);
            long[] words = new long[padded.length / Long.BYTES];
            for (int i = 0; i < words.length; i++) {
                words[i] = (long) LONGS.get(padded, i * Long.BYTES);
            }
            return words;
        }
    }

    private static final int INITIAL_BYTES = 1 << 16;
    /** The words of a {@link Quoted} text kept in fields and always written. */
    private static final int FIELD_WORDS = 3;
    private static final int INITIAL_DEPTH = 8;
    /*
     * What the innermost container takes next, one state (next) instead of a state per open
     * container: the state to go back to when a container ends is kept on a stack, read only
     * then. OBJECT_FIRST and OBJECT_NEXT are also how many commas go before the next name,
     * so that a compact name is written without a branch on them.
     */
    /** In an object, before its first name. */
    private static final byte OBJECT_FIRST = 0;
    /** In an object after an entry: a comma and a name. */
    private static final byte OBJECT_NEXT = 1;
    /** A name was written: its value. */
    private static final byte AFTER_NAME = 2;
    /** In an array, before its first element. */
    private static final byte ARRAY_FIRST = 3;
    /** In an array after an element: a comma and an element. */
    private static final byte ARRAY_NEXT = 4;
    /** Outside any container: a root value, with nothing before it (JSON lines write their own line breaks). */
    private static final byte ROOT = 5;
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
    /** Longs read from and written to a byte array: scans and copies eight bytes at a time. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;


    /** The largest array a JVM allocates, about. */
    private static final int MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;

    private final boolean pretty;
    private final OutputStream out;
    private byte[] buffer = new byte[INITIAL_BYTES];
    private int size;
    private char[] chars = new char[256];
    private byte next = ROOT;
    /** Per open container, the state of its parent to go back to when it ends. */
    private byte[] parents = new byte[INITIAL_DEPTH];
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
        open(OBJECT_FIRST, (byte) '{');
    }

    void endObject() {
        byte state = next;
        if (state > OBJECT_NEXT) {
            throw notOpen("object");
        }
        close(state == OBJECT_NEXT, (byte) '}');
    }

    void startArray() {
        beforeValue();
        open(ARRAY_FIRST, (byte) '[');
    }

    void endArray() {
        byte state = next;
        if (state != ARRAY_FIRST && state != ARRAY_NEXT) {
            throw notOpen("array");
        }
        close(state == ARRAY_NEXT, (byte) ']');
    }

    /** The next entry's name in the open object: {@code ,"name":} with the layout's breaks. */
    void name(Quoted name) {
        if (pretty || next > OBJECT_NEXT) {
            prettyName(name);
            return;
        }
        size = compactName(name, 0);
        next = AFTER_NAME;
    }

    /*
     * Members: a name and its value in one call, the object's layout and state checked once
     * and the room for both ensured once. The compact layout writes the name's words and the
     * value at once; the pretty one, and a misplaced name, go through name() and the value's
     * own method.
     */

    /** {@code "name":123}. */
    void member(Quoted name, long value) {
        if (pretty || next > OBJECT_NEXT) {
            name(name);
            number(value);
            return;
        }
        int p = compactName(name, Decimal.MAX_LONG_LENGTH);
        size = Decimal.write(buffer, p, value);
    }

    /** {@code "name":"VALUE"}, a value quoted once. */
    void member(Quoted name, Quoted value) {
        if (pretty || next > OBJECT_NEXT) {
            name(name);
            value(value);
            return;
        }
        int p = compactName(name, value.valueRoom);
        size = putValue(buffer, p, value);
    }

    /** {@code "name":"2024-05-01T10:00:00.123456Z"}, a capture timestamp formatted in place. */
    void member(Quoted name, Timestamps.IsoText iso, long epochNanos, int digits) {
        if (pretty || next > OBJECT_NEXT) {
            name(name);
            time(iso, epochNanos, digits);
            return;
        }
        int p = compactName(name, Timestamps.MAX_ISO_LENGTH + 2);
        byte[] b = buffer;
        b[p] = '"';
        p = iso.write(b, p + 1, epochNanos, digits);
        b[p] = '"';
        size = p + 1;
    }

    /**
     * Writes {@code ,"name":} in the compact layout, with {@code valueRoom} more bytes
     * ensured after it; returns where the value goes, for the caller to write it and set
     * {@code size} past it. The comma is written whether it is due or not and kept only if
     * it is (the state is the count), the name in whole words.
     */
    private int compactName(Quoted name, int valueRoom) {
        int length = name.compactNameLength;
        ensure(name.compactNameRoom + valueRoom);
        byte[] b = buffer;
        int p = size;
        b[p] = ',';
        p += next;
        LONGS.set(b, p, name.name0);
        LONGS.set(b, p + Long.BYTES, name.name1);
        LONGS.set(b, p + 2 * Long.BYTES, name.name2);
        if (length > FIELD_WORDS * Long.BYTES) {
            putMoreWords(b, p, name.compactNameWords);
        }
        next = OBJECT_NEXT;
        return p + length;
    }

    /** Writes a quoted value's words at {@code at} (room for {@link #wordsRoom} ensured); returns the index after its text. */
    private static int putValue(byte[] b, int at, Quoted value) {
        LONGS.set(b, at, value.value0);
        LONGS.set(b, at + Long.BYTES, value.value1);
        LONGS.set(b, at + 2 * Long.BYTES, value.value2);
        int length = value.bytes.length;
        if (length > FIELD_WORDS * Long.BYTES) {
            putMoreWords(b, at, value.valueWords);
        }
        return at + length;
    }

    /** The words of a text past the three kept in fields. */
    private static void putMoreWords(byte[] b, int at, long[] words) {
        for (int i = FIELD_WORDS; i < words.length; i++) {
            LONGS.set(b, at + i * Long.BYTES, words[i]);
        }
    }

    /** The room word stores of a text of {@code length} bytes take: at least the three words always written. */
    private static int wordsRoom(int length) {
        return Math.max(FIELD_WORDS, (length + Long.BYTES - 1) / Long.BYTES) * Long.BYTES;
    }

    /** A name in the pretty layout, or an error where no name may go. */
    private void prettyName(Quoted name) {
        byte state = next;
        if (state > OBJECT_NEXT) {
            throw nameOutsideObject(state);
        }
        byte[] quoted = name.prettyName;
        ensure(quoted.length + indentation.length + 1);
        if (state == OBJECT_NEXT) {
            buffer[size++] = ',';
        }
        indent(depth);
        System.arraycopy(quoted, 0, buffer, size, quoted.length);
        size += quoted.length;
        next = AFTER_NAME;
    }

    void value(Quoted value) {
        beforeValue();
        ensure(value.valueRoom);
        size = putValue(buffer, size, value);
    }

    /** The string quoted and escaped; null as {@code null}, as Jackson's {@code writeString(null)} did. */
    void string(String s) {
        if (s == null) {
            nullValue();
            return;
        }
        beforeValue();
        // Prose is Latin-1, which the JDK copies out of the String as it is; most of it needs
        // no care, seen in one scan of eight bytes at a time, and is copied whole.
        byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1);
        if (plain(latin1)) {
            quoteVerbatim(latin1, latin1.length);
        } else {
            quoteLatin1(s, latin1);
        }
    }

    /**
     * Whether no byte needs care: a control character, a quotation mark, a reverse solidus,
     * a {@code ?} (see {@link #quoteLatin1}) or any byte from 0x80. Eight bytes at a time,
     * the last word overlapping the one before, with no exit inside the loop: a branch per
     * word made the scan three times slower ("Bit Twiddling Hacks": determine if a word has
     * a byte less than n, a zero byte).
     */
    private static boolean plain(byte[] b) {
        int length = b.length;
        if (length < Long.BYTES) {
            for (byte c : b) {
                if (c < 0x20 || c == '"' || c == '\\' || c == '?') { // from 0x80, c is negative
                    return false;
                }
            }
            return true;
        }
        long found = 0;
        int last = length - Long.BYTES;
        for (int i = 0; i < last; i += Long.BYTES) {
            found |= special((long) LONGS.get(b, i));
        }
        found |= special((long) LONGS.get(b, last));
        return (found & HIGH_BITS) == 0;
    }

    /** The top bit of a byte set if it needs care (and maybe of bytes above one that does). */
    private static long special(long x) {
        return ((x - ONES * 0x20) & ~x) | zero(x ^ ONES * '"') | zero(x ^ ONES * '\\') | zero(x ^ ONES * '?') | x;
    }

    /** The top bit of each zero byte set (and maybe of bytes above one). */
    private static long zero(long x) {
        return (x - ONES) & ~x;
    }

    /**
     * {@code latin1}, the string's ISO-8859-1 encoding, quoted: 0x80-0xFF (a section sign in
     * a third of the prose) as two UTF-8 bytes, ASCII escaped as the table says; a word with
     * none of these copied whole. A {@code ?} where the string holds another char is the encoder's stand-in for
     * chars beyond Latin-1: up to the first such, each char was one byte; from there the
     * string is written char by char.
     */
    private void quoteLatin1(String s, byte[] latin1) {
        int length = latin1.length;
        ensure((long) length * MAX_BYTES_PER_CHAR + Long.BYTES + 2);
        byte[] b = buffer;
        int p = size;
        b[p++] = '"';
        int i = 0;
        while (i < length) {
            // Words without a byte that needs care are copied whole; the one with it, byte by byte.
            if (i <= length - Long.BYTES) {
                long x = (long) LONGS.get(latin1, i);
                if ((special(x) & HIGH_BITS) == 0) {
                    LONGS.set(b, p, x);
                    p += Long.BYTES;
                    i += Long.BYTES;
                    continue;
                }
            }
            int end = Math.min(length, i + Long.BYTES);
            for (; i < end; i++) {
                int c = latin1[i] & 0xFF;
                if (c == '?' && s.charAt(i) != '?') {
                    size = p;
                    quoteRest(s, i);
                    return;
                }
                if (c < 0x80 && ASCII_ESCAPES[c] == 0) {
                    b[p++] = (byte) c;
                } else {
                    p = escapeOrEncode(b, p, (char) c);
                }
            }
        }
        b[p++] = '"';
        size = p;
    }

    /** The string's chars from {@code from} on, escaped and encoded, and the closing quote. */
    private void quoteRest(String s, int from) {
        int length = s.length() - from;
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        s.getChars(from, s.length(), chars, 0);
        ensure((long) length * MAX_BYTES_PER_CHAR + 1);
        int p = escape(buffer, size, chars, 0, length);
        buffer[p++] = '"';
        size = p;
    }

    void string(char[] text, int offset, int length) {
        beforeValue();
        quote(text, offset, length);
    }

    /**
     * A string the caller knows to be printable ASCII with nothing to escape (an IPv4
     * endpoint): copied as it is between quotes.
     */
    void ascii(byte[] text, int length) {
        beforeValue();
        quoteVerbatim(text, length);
    }

    /** A capture timestamp as {@link Timestamps#iso} writes it, formatted in place. */
    void time(Timestamps.IsoText iso, long epochNanos, int digits) {
        beforeValue();
        ensure(Timestamps.MAX_ISO_LENGTH + 2);
        byte[] b = buffer;
        int p = size;
        b[p] = '"';
        p = iso.write(b, p + 1, epochNanos, digits);
        b[p] = '"';
        size = p + 1;
    }

    private void quoteVerbatim(byte[] text, int length) {
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
        ensure(Decimal.MAX_LONG_LENGTH);
        size = Decimal.write(buffer, size, value);
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

    /** What goes before a value: nothing after a name; a comma and the layout's break between array elements. */
    private void beforeValue() {
        if (next == AFTER_NAME) {
            next = OBJECT_NEXT;
        } else {
            element();
        }
    }

    private void element() {
        byte state = next;
        if (state == ROOT) {
            return;
        }
        if (state < AFTER_NAME) {
            throw new IllegalStateException("a value without a name in an object");
        }
        ensure(indentation.length + 1);
        if (state == ARRAY_NEXT) {
            buffer[size++] = ',';
        } else {
            next = ARRAY_NEXT;
        }
        if (pretty) {
            indent(depth);
        }
    }

    /** Opens a container: its parent's state kept for {@link #close}, then its own. */
    private void open(byte first, byte bracket) {
        if (depth == parents.length) {
            parents = Arrays.copyOf(parents, depth * 2);
            indentation = indentation(depth * 2);
        }
        parents[depth++] = next;
        next = first;
        put(bracket);
    }

    private void close(boolean withEntries, byte bracket) {
        ensure(indentation.length + 1);
        depth--;
        if (pretty && withEntries) {
            indent(depth);
        }
        buffer[size++] = bracket;
        next = parents[depth];
    }

    private IllegalStateException notOpen(String kind) {
        if (next == AFTER_NAME) {
            return new IllegalStateException("no " + kind + " can end after a name, before its value");
        }
        String open = depth == 0 ? "depth 0" : (next < AFTER_NAME ? "an object" : "an array") + " is";
        return new IllegalStateException("no " + kind + " is open (" + open + ")");
    }

    private static IllegalStateException nameOutsideObject(byte state) {
        String where = state == ROOT ? "at the root" : state == AFTER_NAME ? "after a name" : "in an array";
        return new IllegalStateException("a name outside an object (" + where + ")");
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
        ensure((long) length * MAX_BYTES_PER_CHAR + 2);
        size = quote(buffer, size, text, offset, length);
    }

    /** Writes the quoted text at {@code at} (room for the longest ensured); returns the index after it. */
    private static int quote(byte[] b, int at, char[] text, int offset, int length) {
        b[at] = '"';
        int p = escape(b, at + 1, text, offset, length);
        b[p] = '"';
        return p + 1;
    }

    /** Writes the text escaped and encoded at {@code at}, without quotes; returns the index after it. */
    private static int escape(byte[] b, int at, char[] text, int offset, int length) {
        int p = at;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = text[i];
            if (c < 0x80 && ASCII_ESCAPES[c] == 0) {
                b[p++] = (byte) c;
            } else {
                p = escapeOrEncode(b, p, c);
            }
        }
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

    /** Room for a string's worst case, which may pass an int. */
    private void ensure(long more) {
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
