package io.tcpwhy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** What {@link Timestamps#iso} printed before it was written by hand: the reference. */
    private static String reference(long epochNanos, int digits) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        long nanos = Math.floorMod(epochNanos, NANOS_PER_SECOND);
        String base = Instant.ofEpochSecond(seconds).toString();
        if (digits == 0) {
            return base;
        }
        return base.substring(0, base.length() - 1) + "." + String.format("%09d", nanos).substring(0, digits) + "Z";
    }

    @Test
    void isoMatchesInstantForKnownInstantsAtEveryPrecision() {
        long[] samples = {0, 1, -1, 999_999_999, 1_000_000_000, 951_782_400L * NANOS_PER_SECOND /* 2000-02-29 */,
            1_700_000_000_123_456_789L, 4_102_444_799_999_999_999L /* 2099-12-31T23:59:59 */,
            -62_135_596_800L * NANOS_PER_SECOND /* 0001-01-01 */, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long t : samples) {
            for (int digits = 0; digits <= 9; digits++) {
                assertEquals(reference(t, digits), Timestamps.iso(t, digits), t + " at " + digits + " digits");
            }
        }
        assertEquals("2023-11-14T22:13:20.123456Z", Timestamps.iso(1_700_000_000_123_456_789L, 6));
    }

    @Test
    void isoMatchesInstantOverRandomInstantsAcrossCenturies() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 20_000; i++) {
            long t = random.nextLong(-3_000_000_000L * NANOS_PER_SECOND, 9_000_000_000L * NANOS_PER_SECOND);
            int digits = random.nextInt(10);
            assertEquals(reference(t, digits), Timestamps.iso(t, digits), t + " at " + digits + " digits");
        }
    }

    /**
     * The buffer keeps the last second's date: runs of timestamps within one second, steps
     * across seconds, days and years, and jumps back must all read as {@link Timestamps#iso}.
     */
    @Test
    void isoTextMatchesIsoWhetherTheSecondRepeatsOrChanges() {
        Timestamps.IsoText text = new Timestamps.IsoText();
        SplittableRandom random = new SplittableRandom(7);
        long t = 1_703_980_799L * NANOS_PER_SECOND; // 2023-12-30T23:59:59Z, a year's end two seconds on
        for (int i = 0; i < 50_000; i++) {
            switch (random.nextInt(4)) {
                case 0 -> t += random.nextLong(1_000_000); // mostly the same second
                case 1 -> t += random.nextLong(3 * NANOS_PER_SECOND); // the next second or two
                case 2 -> t -= random.nextLong(90_000 * NANOS_PER_SECOND); // back, past a day
                default -> t = random.nextLong(-3_000_000_000L * NANOS_PER_SECOND, 9_000_000_000L * NANOS_PER_SECOND);
            }
            int digits = random.nextInt(10);
            int length = text.format(t, digits);
            assertEquals(Timestamps.iso(t, digits), new String(text.bytes(), 0, length, StandardCharsets.US_ASCII), t + " at " + digits + " digits");
        }
        for (long edge : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1, 0}) {
            int length = text.format(edge, 9);
            assertEquals(reference(edge, 9), new String(text.bytes(), 0, length, StandardCharsets.US_ASCII), edge + " at 9 digits");
        }
        assertThrows(IllegalArgumentException.class, () -> text.format(0, -1));
    }

    @Test
    void isoRejectsPrecisionsOutsideZeroToNine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timestamps.iso(0, 10));
        assertEquals("fraction digits 10 (expected 0-9)", e.getMessage());
    }

    @Test
    void timeOfDayIsUtcToTheSecond() {
        assertEquals("22:13:20", Timestamps.timeOfDay(1_700_000_000_999_999_999L));
        assertEquals("23:59:59", Timestamps.timeOfDay(-1));
    }

    @Test
    void secondsMillisPrintsAsPercentPointThreeF() {
        SplittableRandom random = new SplittableRandom(7);
        long[] samples = {0, 1, 499_999, 500_000, 1_500_000, 2_500_000, 999_999_999, 1_000_000_000, -1_500_000,
            3_600_000_000_000L};
        for (long n : samples) {
            assertEquals(String.format(Locale.ROOT, "%.3f", n / 1e9), Timestamps.secondsMillis(n), n + " ns");
        }
        for (int i = 0; i < 10_000; i++) {
            long n = random.nextLong(0, 100_000L * NANOS_PER_SECOND) / 1000 * 1000; // microsecond captures
            assertEquals(String.format(Locale.ROOT, "%.3f", n / 1e9), Timestamps.secondsMillis(n), n + " ns");
        }
    }
}
