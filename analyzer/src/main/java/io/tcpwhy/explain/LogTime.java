package io.tcpwhy.explain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time as a log line prints it: {@code 2019/05/30 16:35:45.269}, {@code 2019-05-30 17:06:08.737},
 * or ISO-8601 with an optional offset ({@code 2019-05-30T16:35:45.269Z}). Logs rarely say their
 * zone, so a time without an offset is read in the zone the user names (UTC by default).
 *
 * @param offset the offset the text carried, null when it carried none
 */
public record LogTime(LocalDateTime local, ZoneOffset offset) {

    private static final Pattern TIME = Pattern.compile(
            "(\\d{4})[-/](\\d{2})[-/](\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?\\s*(Z|[+-]\\d{2}:?\\d{2})?");
    private static final int NANO_DIGITS = 9;

    public LogTime {
        if (local == null) {
            throw new IllegalArgumentException("a log time needs a date and time");
        }
    }

    /** The time a line starts with, if it starts with one (leading spaces and a '[' allowed). */
    public static Optional<LogTime> leading(String line) {
        Matcher m = TIME.matcher(line);
        if (!m.lookingAt() && !(m.find() && line.substring(0, m.start()).matches("\\s*\\[?"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(of(m));
    }

    /** Parses a whole {@code --at} value. */
    public static LogTime parse(String text) {
        Matcher m = TIME.matcher(text.strip());
        LogTime t = m.matches() ? of(m) : null;
        if (t == null) {
            throw new IllegalArgumentException("not a time: '" + text
                    + "' (expected e.g. 2019-05-30T16:35:45.269Z or 2019/05/30 16:35:45.269, as the log prints it)");
        }
        return t;
    }

    private static LogTime of(Matcher m) {
        String fraction = m.group(7) == null ? "" : m.group(7);
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, NANO_DIGITS));
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)), nanos);
            ZoneOffset offset = m.group(8) == null ? null : ZoneOffset.of(m.group(8).length() == 5
                    ? m.group(8).substring(0, 3) + ":" + m.group(8).substring(3) : m.group(8));
            return new LogTime(local, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Nanoseconds since the epoch, reading an offset-less time in {@code zone}. */
    public long epochNanos(ZoneId zone) {
        Instant i = offset != null ? local.toInstant(offset) : local.atZone(zone).toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
