package io.tcpwhy.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    private static final int NANOS_PER_MICRO = 1_000;
    /** The fraction digits of microsecond timestamps (pcap's usual precision). */
    private static final int MICRO_DIGITS = 6;
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
    /** Where the seconds' two digits start: after "yyyy-mm-ddThh:mm:". */
    private static final int SECOND_AT = 17;
    /** "yyyy-mm-ddThh:mm:ss." fits in three words, 24 bytes. */
    private static final int PREFIX_WORDS = 3;
    /**
     * The longest text {@link #iso} makes: {@link java.time.Instant}'s layout of its
     * farthest year, "-1000000000-01-01T00:00:00", then a fraction of 9 digits and "Z".
     */
    public static final int MAX_ISO_LENGTH = 26 + 1 + MAX_DIGITS + 1;
    /** Longs written to a byte array: a second's text copied in three stores. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** 10^0 to 10^9. */
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

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
        writeDate(text, 0, days);
        writeTimeOfDay(text, 0, (int) Math.floorMod(seconds, SECONDS_PER_DAY));
        writeFraction(text, 0, (int) Math.floorMod(epochNanos, NANOS_PER_SECOND), digits);
        return new String(text, StandardCharsets.US_ASCII);
    }

    /**
     * {@link #iso} written into a byte array, in ASCII, for writers that build their output
     * in one (a JSON writer): no String per timestamp. The text up to the minute is derived
     * again only when the minute changes (a connection's timestamps mostly share one, where
     * they alternate between two seconds); a timestamp is that prefix copied in three word
     * stores, the two digits of the second, and the fraction's digits, two per division. One
     * per writer: not for sharing between threads.
     */
    public static final class IsoText {

        /** The text of {@link #format}. */
        private final byte[] text = new byte[MAX_ISO_LENGTH];
        /** "yyyy-mm-ddThh:mm:" of {@code minuteStart}, made here, then kept as words. */
        private final byte[] prefix = new byte[PREFIX_WORDS * Long.BYTES];
        /**
         * The first second of the minute the words hold. Long.MIN_VALUE at first: no second
         * (floorDiv of a long by 10^9) lies within 60 of it, even as the subtraction wraps.
         */
        private long minuteStart = Long.MIN_VALUE;
        /** The day whose date {@code prefix} starts with; none at first. */
        private long day = Long.MIN_VALUE;
        /** {@code prefix} as little-endian words. */
        private long word0;
        private long word1;
        private long word2;

        /**
         * Writes {@code iso(epochNanos, digits)} at {@code at}; returns the index after it.
         * Touches at most {@link #MAX_ISO_LENGTH} bytes from {@code at}, some past the text's
         * end: the caller ensures that room and writes what follows over them.
         */
        public int write(byte[] into, int at, long epochNanos, int digits) {
            checkDigits(digits);
            long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
            long secondOfMinute = seconds - minuteStart;
            if (secondOfMinute < 0 || secondOfMinute >= SECONDS_PER_MINUTE) {
                if (!startMinute(seconds)) {
                    byte[] wide = viaInstant(seconds, Math.floorMod(epochNanos, NANOS_PER_SECOND), digits)
                            .getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(wide, 0, into, at, wide.length);
                    return at + wide.length;
                }
                secondOfMinute = seconds - minuteStart;
            }
            LONGS.set(into, at, word0);
            LONGS.set(into, at + Long.BYTES, word1);
            LONGS.set(into, at + 2 * Long.BYTES, word2);
            Decimal.writePadded(into, at + SECOND_AT, (int) secondOfMinute, 2);
            return writeFraction(into, at, (int) (epochNanos - seconds * NANOS_PER_SECOND), digits);
        }

        /** Formats a new minute's date, hour and minute; false for a year {@link #iso} writes otherwise. */
        private boolean startMinute(long seconds) {
            long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
            if (days != day) {
                long year = yearOf(days);
                if (year < 0 || year > MAX_FOUR_DIGIT_YEAR) {
                    return false;
                }
                writeDate(prefix, 0, days);
                day = days;
            }
            int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
            writeTimeOfDay(prefix, 0, secondOfDay);
            word0 = (long) LONGS.get(prefix, 0);
            word1 = (long) LONGS.get(prefix, Long.BYTES);
            word2 = (long) LONGS.get(prefix, 2 * Long.BYTES);
            minuteStart = seconds - secondOfDay % SECONDS_PER_MINUTE;
            return true;
        }

        /** Writes {@code iso(epochNanos, digits)} at the start of {@link #bytes()}; returns its length. */
        public int format(long epochNanos, int digits) {
            return write(text, 0, epochNanos, digits);
        }

        /** The text of the last {@link #format}, ASCII, valid up to the length it returned. */
        public byte[] bytes() {
            return text;
        }
    }

    /**
     * Writes {@code .fffZ} (or {@code Z}) over what follows the seconds of the text at
     * {@code at}; returns the index after it. The digits are the nanoseconds' first
     * {@code digits}, two per division.
     */
    private static int writeFraction(byte[] text, int at, int nanosOfSecond, int digits) {
        int p = at + SECONDS_TEXT;
        if (digits == 0) {
            text[p] = 'Z';
            return p + 1;
        }
        text[p] = '.';
        int end = p + 1 + digits;
        // Microseconds (pcap) and nanoseconds (pcapng) by constants, which the JIT turns into
        // a multiplication: a division by a number read from a table takes ten times as long.
        int v = digits == MICRO_DIGITS ? nanosOfSecond / NANOS_PER_MICRO
                : digits == MAX_DIGITS ? nanosOfSecond : nanosOfSecond / POWERS_OF_TEN[MAX_DIGITS - digits];
        Decimal.writePadded(text, p + 1, v, digits);
        text[end] = 'Z';
        return end + 1;
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
        byte[] text = new byte[Decimal.MAX_SECONDS_MILLIS_LENGTH];
        return new String(text, 0, Decimal.writeSecondsMillis(text, 0, nanos), StandardCharsets.US_ASCII);
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

    /** Writes {@code yyyy-mm-ddT} at {@code at}. */
    private static void writeDate(byte[] text, int at, long days) {
        long z = days + DAYS_0000_03_01_TO_1970_01_01;
        long era = Math.floorDiv(z, DAYS_PER_ERA);
        long dayOfEra = z - era * DAYS_PER_ERA;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * YEARS_PER_ERA + (month <= 2 ? 1 : 0));
        two(text, at, year / 100);
        two(text, at + 2, year % 100);
        text[at + 4] = '-';
        two(text, at + 5, month);
        text[at + 7] = '-';
        two(text, at + 8, day);
        text[at + 10] = 'T';
    }

    /** Writes {@code hh:mm:ss} after the date at {@code at}. */
    private static void writeTimeOfDay(byte[] text, int at, int secondOfDay) {
        two(text, at + 11, secondOfDay / SECONDS_PER_HOUR);
        text[at + 13] = ':';
        two(text, at + 14, secondOfDay % SECONDS_PER_HOUR / SECONDS_PER_MINUTE);
        text[at + 16] = ':';
        two(text, at + 17, secondOfDay % SECONDS_PER_MINUTE);
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
