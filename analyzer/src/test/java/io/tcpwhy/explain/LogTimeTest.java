package io.tcpwhy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LogTimeTest {

    @Test
    void goLogTimeWithMillisecondsIsReadInTheGivenZone() {
        LogTime t = LogTime.parse("2019/05/30 16:35:45.269");
        assertEquals(LocalDateTime.of(2019, 5, 30, 16, 35, 45, 269_000_000), t.local());
        assertEquals(1_559_234_145_269_000_000L, t.epochNanos(ZoneOffset.UTC));
        assertEquals(1_559_234_145_269_000_000L - 8 * 3600 * 1_000_000_000L, t.epochNanos(ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void isoOffsetInTheTextWinsOverTheZone() {
        LogTime t = LogTime.parse("2019-05-30T16:35:45.269+08:00");
        assertEquals(t.epochNanos(ZoneOffset.UTC), t.epochNanos(ZoneId.of("America/New_York")));
        assertEquals(LogTime.parse("2019-05-30T08:35:45.269Z").epochNanos(ZoneOffset.UTC), t.epochNanos(ZoneOffset.UTC));
    }

    @Test
    void leadingTimeMayBeBracketedButNotInTheMiddleOfTheLine() {
        assertTrue(LogTime.leading("[2019-05-30 17:06:08.737] recv err=10054").isPresent());
        assertTrue(LogTime.leading("error at 2019-05-30 17:06:08 ECONNRESET").isEmpty());
    }

    @Test
    void impossibleDatesAndOtherTextsAreNotTimes() {
        assertTrue(LogTime.leading("2019-13-45 25:61:00 ECONNRESET").isEmpty());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> LogTime.parse("noon"));
        assertTrue(x.getMessage().startsWith("not a time: 'noon' (expected e.g. 2019-05-30T16:35:45.269Z"), x.getMessage());
    }
}
