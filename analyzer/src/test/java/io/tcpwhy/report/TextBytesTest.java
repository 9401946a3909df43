package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tcpwhy.model.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextBytesTest {

    /** Short and long, ASCII, Latin-1, beyond Latin-1, a surrogate pair, a lone surrogate, at either end. */
    private static final String[] TEXTS = {
        "", "a", "RST_UNREAD_DATA", "RFC 1122 \u00a7 4.2.2.13", "\u00a7", "caf\u00e9",
        "the client \u2014 then the server", "\u8fde\u7ebf", "emoji \ud83d\ude00 end", "lone \ud800 high",
        "lone low \udc00", "\ud83d", "x".repeat(31) + "\u00e9", "long prose, ".repeat(20) + "\u00a7 2.17",
        "long prose, ".repeat(20) + "\ud83d\ude00" + "tail \u2014".repeat(5),
    };

    /** What an {@link OutputStreamWriter} in {@code charset} writes for {@code text}. */
    private static byte[] asAWriterWrites(String text, Charset charset) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(out, charset)) {
            w.write(text);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1", "US-ASCII"})
    void everyTextIsEncodedAsAWriterInTheCharsetWouldEncodeIt(String name) throws Exception {
        Charset charset = Charset.forName(name);
        for (String text : TEXTS) {
            TextBytes t = new TextBytes(charset, 4);
            t.append(text);
            assertArrayEquals(asAWriterWrites(text, charset), bytes(t), name + ": " + text);
            TextBytes c = new TextBytes(charset, 4);
            c.constant(text).constant(text);
            assertArrayEquals(asAWriterWrites(text + text, charset), bytes(c), name + " constant: " + text);
        }
    }

    @Test
    void whatTheCharsetCannotEncodeReadsAsAQuestionMark() {
        TextBytes t = new TextBytes(StandardCharsets.US_ASCII, 4);
        t.append("RFC 1122 \u00a7 4.2.2.13");
        assertEquals("RFC 1122 ? 4.2.2.13", t.toString());
    }

    @Test
    void manyConstantsMoreThanTheCacheHoldsEachKeepTheirOwnBytes() {
        TextBytes t = new TextBytes(StandardCharsets.UTF_8, 4);
        StringBuilder expected = new StringBuilder();
        String[] constants = new String[5000];
        for (int i = 0; i < constants.length; i++) {
            constants[i] = "constant " + i + (i % 7 == 0 ? " \u00a7" : "");
        }
        for (int round = 0; round < 2; round++) {
            for (String s : constants) {
                t.constant(s);
                expected.append(s);
            }
        }
        assertEquals(expected.toString(), t.toString());
    }

    @Test
    void decimalsAreWhatStringBuilderWrites() {
        long[] values = {0, 1, 9, 10, 99, 100, 65535, -1, -10, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (long v : values) {
            TextBytes t = new TextBytes(StandardCharsets.UTF_8, 1);
            t.ascii('[').decimal(v).ascii(']');
            assertEquals("[" + v + "]", t.toString());
        }
    }

    @Test
    void durationsAreWhatTimestampsWrites() {
        long[] nanos = {0, 1, 499_999, 500_000, 999_499_999, 999_500_000, 1_002_000_000, 12_345_678_901L, -1,
            -1_500_000, 86_400_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long n : nanos) {
            TextBytes t = new TextBytes(StandardCharsets.UTF_8, 1);
            t.secondsMillis(n);
            assertEquals(Timestamps.secondsMillis(n), t.toString(), "nanos " + n);
        }
    }

    /** Against BigDecimal itself: random values, values on and next to rounding ties, large ones, every precision. */
    @Test
    void secondsAreWhatJsonReportSecondsWrites() {
        java.util.Random random = new java.util.Random(12);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.0, 30.0, 4.5, 0.000125, 1e-7,
                0.0000005, 0.0000015, 0.0000025, 2.5, 0.5, 1.0000005, 123456.0000005, 1e12, 3.6e9, 9.999999999e3,
                Double.MIN_VALUE, 1e-300, 59.9999995, 0.1 + 0.2, 1e13, 4.503599627370497e15));
        for (int i = 0; i < 5_000; i++) {
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(10) - 3));
            long nanos = random.nextLong() & 0xFFFF_FFFF_FFFFL;
            values.add(nanos / 1e9);
            int digits = random.nextInt(10);
            values.add((random.nextInt(1_000_000) + 0.5) / Math.pow(10, digits));
        }
        for (double v : values) {
            for (int digits = 0; digits <= 9; digits++) {
                TextBytes t = new TextBytes(StandardCharsets.UTF_8, 1);
                t.seconds(v, digits);
                assertEquals(JsonReport.seconds(v, digits).toPlainString(), t.toString(), v + " at " + digits + " digits");
            }
        }
    }

    @Test
    void paddingAlignsWhatWasWrittenSinceTheColumn() {
        TextBytes t = new TextBytes(StandardCharsets.UTF_8, 1);
        t.ascii('|');
        t.decimal(42).padLeft(1, 5).ascii('|');
        int column = t.length();
        t.append("ab").padRight(column, 4).ascii('|');
        column = t.length();
        t.append("toolong").padRight(column, 3).padLeft(column, 3).ascii('|');
        column = t.length();
        t.padLeft(column, 100).ascii('|');
        assertEquals("|   42|ab  |toolong|" + " ".repeat(100) + "|", t.toString());
    }

    @Test
    void onlyCharsetsWhoseTextIsItsPiecesEndToEndAreTaken() {
        assertFalse(TextBytes.encodesDirectly(StandardCharsets.UTF_16));
        assertThrows(IllegalArgumentException.class, () -> new TextBytes(StandardCharsets.UTF_16, 4));
        assertThrows(IllegalArgumentException.class, () -> TextBytes.ascii("\u00a7"));
    }

    private static byte[] bytes(TextBytes t) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.writeTo(out);
        return out.toByteArray();
    }
}
