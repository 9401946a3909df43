package io.tcpwhy.model;

import java.nio.charset.StandardCharsets;

/**
 * Capture timestamps as the contract writes them: ISO-8601 UTC at the capture's precision.
 *
 * <p>Formatted by hand rather than through {@code String.format} or {@code Instant.toString}:
 * a report writes several timestamps per segment, and formatting was a fifth of all CPU
 * time and half of all allocation on big captures (issue 12). The civil date comes from
 * the day number by Howard Hinnant's {@code civil_from_days} algorithm
 * (proleptic Gregorian calendar, the one ISO 8601 and {@link java.time.Instant} use).
 */
public final class Timestamps {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final int SECONDS_PER_DAY = 86_400;
    private static final int SECONDS_PER_HOUR = 3_600;
    private static final int SECONDS_PER_MINUTE = 60;
    private static final int MAX_DIGITS = 9;
    /** Years 0-9999 print as four digits; outside them {@link java.time.Instant}'s rules apply. */
    private static final int MAX_FOUR_DIGIT_YEAR = 9999;
    // civil_from_days: days are shifted to start at 0000-03-01, eras of 400 years are 146097 days.
    private static final long DAYS_0000_03_01_TO_1970_01_01 = 719_468;
    private static final long DAYS_PER_ERA = 146_097;
    private static final long YEARS_PER_ERA = 400;
    /** "yyyy-mm-ddThh:mm:ss": the length before the fraction. */
    private static final int SECONDS_TEXT = 19;
    /**
     * The longest text {@link #iso} makes: {@link java.time.Instant}'s layout of its
     * farthest year, "-1000000000-01-01T00:00:00", then a fraction of 9 digits and "Z".
     */
    static final int MAX_ISO_LENGTH = 26 + 1 + MAX_DIGITS + 1;

    private Timestamps() {
    }

    /** {@code 2024-05-01T10:00:00.123456Z} for 6 digits, {@code ...123456789Z} for 9. */
    public static String iso(long epochNanos, int digits) {
        checkDigits(digits);
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        long year = yearOf(days);
        if (year < 0 || year > MAX_FOUR_DIGIT_YEAR) {
            return viaInstant(seconds, Math.floorMod(epochNanos, NANOS_PER_SECOND), digits);
        }
        byte[] text = new byte[SECONDS_TEXT + (digits == 0 ? 1 : digits + 2)];
        writeDate(text, days);
        writeTimeOfDay(text, (int) Math.floorMod(seconds, SECONDS_PER_DAY));
        writeFraction(text, epochNanos, digits);
        return new String(text, StandardCharsets.US_ASCII);
    }

    /**
     * {@link #iso} written into a buffer of its own, in ASCII bytes, for writers that copy
     * the text out at once (a JSON writer): no String per timestamp, the date derived again
     * only when the day changes and the time of day only when the second does, which
     * between one connection's timestamps it mostly does not. One per writer: not for
     * sharing between threads.
     */
    public static final class IsoText {

        private final byte[] text = new byte[MAX_ISO_LENGTH];
        /** The second whose date and time of day {@code text} starts with; none at first. */
        private long second = Long.MIN_VALUE;
        /** The day whose date {@code text} starts with; none at first. */
        private long day = Long.MIN_VALUE;

        /** Writes {@code iso(epochNanos, digits)} at the start of {@link #bytes()}; returns its length. */
        public int format(long epochNanos, int digits) {
            checkDigits(digits);
            long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
            if (seconds != second) {
                long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
                if (days != day) {
                    long year = yearOf(days);
                    if (year < 0 || year > MAX_FOUR_DIGIT_YEAR) {
                        second = Long.MIN_VALUE;
                        day = Long.MIN_VALUE;
                        String wide = viaInstant(seconds, Math.floorMod(epochNanos, NANOS_PER_SECOND), digits);
                        byte[] ascii = wide.getBytes(StandardCharsets.US_ASCII);
                        System.arraycopy(ascii, 0, text, 0, ascii.length);
                        return ascii.length;
                    }
                    writeDate(text, days);
                    day = days;
                }
                writeTimeOfDay(text, (int) Math.floorMod(seconds, SECONDS_PER_DAY));
                second = seconds;
            }
            return writeFraction(text, epochNanos, digits);
        }

        /** The text of the last {@link #format}, ASCII, valid up to the length it returned. */
        public byte[] bytes() {
            return text;
        }
    }

    /** Writes {@code .fffZ} (or {@code Z}) after the seconds; returns the text's whole length. */
    private static int writeFraction(byte[] text, long epochNanos, int digits) {
        int p = SECONDS_TEXT;
        if (digits > 0) {
            text[p++] = '.';
            // Below 10^9: int arithmetic, cheaper than long division.
            int fraction = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
            for (int i = MAX_DIGITS - 1; i >= digits; i--) {
                fraction /= 10;
            }
            for (int i = p + digits - 1; i >= p; i--) {
                text[i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            p += digits;
        }
        text[p] = 'Z';
        return p + 1;
    }

    /** {@code 22:13:20}: the UTC time of day, to the second, for summaries. */
    public static String timeOfDay(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        int second = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        byte[] text = new byte[8];
        two(text, 0, second / SECONDS_PER_HOUR);
        text[2] = ':';
        two(text, 3, second % SECONDS_PER_HOUR / SECONDS_PER_MINUTE);
        text[5] = ':';
        two(text, 6, second % SECONDS_PER_MINUTE);
        return new String(text, StandardCharsets.US_ASCII);
    }

    /**
     * {@code 1.234}: a duration in seconds with three decimals, rounded half up, as
     * {@code String.format("%.3f", nanos / 1e9)} prints it, without the formatter.
     */
    public static String secondsMillis(long nanos) {
        return appendSecondsMillis(new StringBuilder(12), nanos).toString();
    }

    /** {@link #secondsMillis} appended to {@code sb}, for a line being built: no String of its own. */
    public static StringBuilder appendSecondsMillis(StringBuilder sb, long nanos) {
        if (nanos < 0) {
            sb.append('-');
            nanos = -nanos;
        }
        long millis = (nanos + NANOS_PER_MILLI / 2) / NANOS_PER_MILLI;
        long fraction = millis % 1000;
        sb.append(millis / 1000).append('.');
        if (fraction < 100) {
            sb.append('0');
        }
        if (fraction < 10) {
            sb.append('0');
        }
        return sb.append(fraction);
    }

    /** Seconds between two capture timestamps, for durations and idle times. */
    public static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / (double) NANOS_PER_SECOND;
    }

    private static void checkDigits(int digits) {
        if (digits < 0 || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("fraction digits " + digits + " (expected 0-9)");
        }
    }

    private static long yearOf(long days) {
        long z = days + DAYS_0000_03_01_TO_1970_01_01;
        long era = Math.floorDiv(z, DAYS_PER_ERA);
        long dayOfEra = z - era * DAYS_PER_ERA;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        long month = mp < 10 ? mp + 3 : mp - 9;
        return yearOfEra + era * YEARS_PER_ERA + (month <= 2 ? 1 : 0);
    }

    /** Writes {@code yyyy-mm-ddT} at the start of {@code text}. */
    private static void writeDate(byte[] text, long days) {
        long z = days + DAYS_0000_03_01_TO_1970_01_01;
        long era = Math.floorDiv(z, DAYS_PER_ERA);
        long dayOfEra = z - era * DAYS_PER_ERA;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * YEARS_PER_ERA + (month <= 2 ? 1 : 0));
        two(text, 0, year / 100);
        two(text, 2, year % 100);
        text[4] = '-';
        two(text, 5, month);
        text[7] = '-';
        two(text, 8, day);
        text[10] = 'T';
    }

    /** Writes {@code hh:mm:ss} after the date. */
    private static void writeTimeOfDay(byte[] text, int secondOfDay) {
        two(text, 11, secondOfDay / SECONDS_PER_HOUR);
        text[13] = ':';
        two(text, 14, secondOfDay % SECONDS_PER_HOUR / SECONDS_PER_MINUTE);
        text[16] = ':';
        two(text, 17, secondOfDay % SECONDS_PER_MINUTE);
    }

    private static void two(byte[] text, int at, int value) {
        text[at] = (byte) ('0' + value / 10);
        text[at + 1] = (byte) ('0' + value % 10);
    }

    /** Years outside 0000-9999: rare enough that {@link java.time.Instant}'s own layout is worth keeping. */
    private static String viaInstant(long seconds, long nanos, int digits) {
        String base = java.time.Instant.ofEpochSecond(seconds).toString();
        if (digits == 0) {
            return base;
        }
        StringBuilder fraction = new StringBuilder(MAX_DIGITS).append(nanos);
        while (fraction.length() < MAX_DIGITS) {
            fraction.insert(0, '0');
        }
        return base.substring(0, base.length() - 1) + "." + fraction.substring(0, digits) + "Z";
    }
}
