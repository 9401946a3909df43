package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.tcpwhy.report.JsonBytes.Quoted;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonBytes} against the writer it replaced: Jackson's UTF-8 generator, compact and
 * with the pretty printer the JSON report gave it, fed the same values. Every char, random
 * strings, and random trees of every kind of value give the same bytes.
 */
class JsonBytesTest {

    private static final JsonFactory JACKSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    /** Names of every length the writer copies differently: within its three words, and past them. */
    private static final String[] NAMES = {"id", "a", "with \"quote\"", "caf\u00e9", "tab\there",
        "a name longer than the three words of 24 bytes"};

    /** What both writers are asked to write. */
    private interface Sink {
        void startObject();

        void endObject();

        void startArray();

        void endArray();

        void name(int index);

        void string(String s);

        void number(long n);

        void decimal(BigDecimal d);

        void bool(boolean b);

        void nullValue();
    }

    private static final class Ours implements Sink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonBytes json;
        final Quoted[] names = new Quoted[NAMES.length];

        Ours(boolean pretty) {
            json = new JsonBytes(pretty, out);
            for (int i = 0; i < NAMES.length; i++) {
                names[i] = new Quoted(NAMES[i]);
            }
        }

        public void startObject() { json.startObject(); }
        public void endObject() { json.endObject(); }
        public void startArray() { json.startArray(); }
        public void endArray() { json.endArray(); }
        public void name(int index) { json.name(names[index]); }
        public void string(String s) { json.string(s); }
        public void number(long n) { json.number(n); }
        public void decimal(BigDecimal d) { json.number(d); }
        public void bool(boolean b) { json.bool(b); }
        public void nullValue() { json.nullValue(); }

        String text() {
            try {
                json.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString(StandardCharsets.ISO_8859_1); // the bytes, one char each
        }
    }

    private static final class Jackson implements Sink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonGenerator g;

        Jackson(boolean pretty) {
            try {
                g = JACKSON.createGenerator(out, JsonEncoding.UTF8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g.setRootValueSeparator(null); // as the reports had it: they wrote their own separators
            if (pretty) {
                g.setPrettyPrinter(previousPrettyPrinter());
            }
        }

        interface Call {
            void run() throws IOException;
        }

        void call(Call c) {
            try {
                c.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void startObject() { call(g::writeStartObject); }
        public void endObject() { call(g::writeEndObject); }
        public void startArray() { call(g::writeStartArray); }
        public void endArray() { call(g::writeEndArray); }
        public void name(int index) { call(() -> g.writeFieldName(NAMES[index])); }
        public void string(String s) { call(() -> g.writeString(s)); }
        public void number(long n) { call(() -> g.writeNumber(n)); }
        public void decimal(BigDecimal d) { call(() -> g.writeNumber(d)); }
        public void bool(boolean b) { call(() -> g.writeBoolean(b)); }
        public void nullValue() { call(g::writeNull); }

        String text() {
            call(g::flush);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** JsonReport's pretty printer before JsonBytes, without the shift of two levels it had for root values. */
    private static DefaultPrettyPrinter previousPrettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("")
                .withRootSeparator("");
        DefaultPrettyPrinter.Indenter indenter = new DefaultPrettyPrinter.Indenter() {
            @Override
            public void writeIndentation(JsonGenerator g, int level) throws IOException {
                g.writeRaw("\n" + "  ".repeat(level));
            }

            @Override
            public boolean isInline() {
                return false;
            }
        };
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    @Test
    void everyCharIsEscapedAndEncodedAsJacksonDid() {
        Ours ours = new Ours(false);
        Jackson jackson = new Jackson(false);
        for (Sink s : new Sink[] {ours, jackson}) {
            s.startArray();
            for (int c = 0; c <= Character.MAX_VALUE; c++) {
                s.string("x" + (char) c + "y");
            }
            s.endArray();
        }
        assertEquals(jackson.text(), ours.text());
    }

    @Test
    void surrogatePairsAndRandomTextAreWrittenAsJacksonDid() {
        Random random = new Random(12);
        Ours ours = new Ours(false);
        Jackson jackson = new Jackson(false);
        String[] samples = {"", "\ud83d\ude00", "a\ud83d", "\ude00b", "RFC 2525 \u00a72.17", "\u0000\u001f\u007f\"\\/",
            "tab\tnew\nline\rret\bback\fform"};
        for (Sink s : new Sink[] {ours, jackson}) {
            s.startArray();
            for (String sample : samples) {
                s.string(sample);
            }
            s.endArray();
        }
        for (int i = 0; i < 2000; i++) {
            String text = randomText(random);
            ours.string(text);
            jackson.string(text);
        }
        assertEquals(jackson.text(), ours.text());
    }

    /**
     * ASCII text takes a path of its own, eight bytes at a time: one char that needs care,
     * at every place in a word and in the tail, must still be seen.
     */
    @Test
    void oneSpecialCharAnywhereInAsciiTextIsWrittenAsJacksonDid() {
        Ours ours = new Ours(false);
        Jackson jackson = new Jackson(false);
        String ascii = "The server answered with RST.";
        for (char special : new char[] {'\u0000', '\u001f', '"', '\\', '?', '\u007f', '\u00a7', '\u0100', '\ud800',
            '\udfff', '\u2192'}) {
            for (int at = 0; at <= ascii.length(); at++) {
                String text = ascii.substring(0, at) + special + ascii.substring(at);
                ours.string(text);
                jackson.string(text);
                ours.string(text.substring(0, at + 1));
                jackson.string(text.substring(0, at + 1));
            }
        }
        ours.string(ascii);
        jackson.string(ascii);
        assertEquals(jackson.text(), ours.text());
    }

    @Test
    void randomTreesAreLaidOutAsJacksonLaidThemCompactAndPretty() {
        for (boolean pretty : new boolean[] {false, true}) {
            for (int seed = 0; seed < 300; seed++) {
                Ours ours = new Ours(pretty);
                Jackson jackson = new Jackson(pretty);
                tree(new Random(seed), ours, 0);
                tree(new Random(seed), jackson, 0);
                assertEquals(jackson.text(), ours.text(), "seed " + seed + (pretty ? " pretty" : " compact"));
            }
        }
    }

    @Test
    void numbersAtTheLimitsReadAsLongToString() {
        long[] values = {0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, 65535, 99_999, 100_000, 1_000_000, 999_999_999,
            1_000_000_000, 1_000_000_001, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE,
            999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        Ours ours = new Ours(false);
        Jackson jackson = new Jackson(false);
        for (Sink s : new Sink[] {ours, jackson}) {
            s.startArray();
            for (long v : values) {
                s.number(v);
            }
            s.endArray();
        }
        assertEquals(jackson.text(), ours.text());
    }

    @Test
    void aWriterGetsTheSameTextAsChars() throws IOException {
        StringWriter chars = new StringWriter();
        JsonBytes json = new JsonBytes(true, chars);
        json.startObject();
        json.name(new Quoted("why"));
        json.string("RFC 2525 \u00a72.17 \u2192 reset");
        json.endObject();
        json.flush();
        assertEquals("{\n  \"why\": \"RFC 2525 \u00a72.17 \u2192 reset\"\n}", chars.toString());
    }

    @Test
    void endingAContainerThatIsNotOpenOrANameOutsideAnObjectIsAnError() {
        JsonBytes json = new JsonBytes(false, new ByteArrayOutputStream());
        assertEquals("no array is open (depth 0)", assertThrows(IllegalStateException.class, json::endArray).getMessage());
        json.startObject();
        assertEquals("no array is open (an object is)",
                assertThrows(IllegalStateException.class, json::endArray).getMessage());
        json.endObject();
        json.startArray();
        assertEquals("a name outside an object (in an array)",
                assertThrows(IllegalStateException.class, () -> json.name(new Quoted("a"))).getMessage());
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                sb.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (kind == 6) {
                sb.append((char) random.nextInt(0x20));
            } else if (kind == 7) {
                sb.append((char) (0x80 + random.nextInt(0x780)));
            } else if (kind == 8) {
                sb.append((char) (0x800 + random.nextInt(0xF7FF)));
            } else {
                sb.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
            }
        }
        return sb.toString();
    }

    /** A random value: containers nest up to four deep, empty ones included. */
    private static void tree(Random random, Sink s, int depth) {
        int kind = depth >= 4 ? 2 + random.nextInt(6) : random.nextInt(8);
        switch (kind) {
            case 0 -> {
                s.startObject();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    s.name(random.nextInt(NAMES.length));
                    tree(random, s, depth + 1);
                }
                s.endObject();
            }
            case 1 -> {
                s.startArray();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    tree(random, s, depth + 1);
                }
                s.endArray();
            }
            case 2 -> s.string(randomText(random));
            case 3 -> s.number(random.nextLong() >> random.nextInt(64));
            case 4 -> s.decimal(JsonReport.seconds(random.nextDouble() * 100, 1 + random.nextInt(9)));
            case 5 -> s.bool(random.nextBoolean());
            case 6 -> s.nullValue();
            default -> s.string(null);
        }
    }
}
