package io.tcpwhy.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimestampUnitTest {

    @Test
    void decimalUnitsCoarserThanNanosecondsAreMultiplied() {
        TimestampUnit millis = TimestampUnit.ofTsresol(3);

        assertEquals(1_700_000_000_123_000_000L, millis.toNanos(1_700_000_000_123L));
        assertEquals(3, millis.digits());
    }

    @Test
    void decimalUnitsFinerThanNanosecondsAreTruncated() {
        TimestampUnit picos = TimestampUnit.ofTsresol(12);

        assertEquals(5_123_456_789L, picos.toNanos(5_123_456_789_999L));
        assertEquals(9, picos.digits());
    }

    @Test
    void finestDecimalUnitHandlesUnsignedTickCounts() {
        TimestampUnit unit = TimestampUnit.ofTsresol(18);

        // 2^64 - 1 attoseconds, read as unsigned: 18.4 seconds
        assertEquals(18_446_744_073L, unit.toNanos(-1L));
    }

    @Test
    void binaryUnitsSplitSecondsAndFraction() {
        TimestampUnit unit = TimestampUnit.ofTsresol(0x80 | 32);   // 2^-32 s, NTP-style

        assertEquals(3_250_000_000L, unit.toNanos((3L << 32) + (1L << 30)));
        assertEquals(9, unit.digits());
    }

    @Test
    void finestBinaryUnitKeepsSubNanosecondFractionsBelowOneNanosecond() {
        TimestampUnit unit = TimestampUnit.ofTsresol(0x80 | 63);

        assertEquals(500_000_000L, unit.toNanos(1L << 62));
        assertEquals(1_000_000_000L + 999_999_999L, unit.toNanos(-1L));
    }

    @Test
    void wholeSecondsNeedNoFractionDigits() {
        assertEquals(0, TimestampUnit.ofTsresol(0x80).digits());
        assertEquals(0, TimestampUnit.ofTsresol(0).digits());
        assertEquals(5_000_000_000L, TimestampUnit.ofTsresol(0x80).toNanos(5));
    }

    @Test
    void binaryDigitsAreThoseThatTellEveryTickApart() {
        assertEquals(1, TimestampUnit.ofTsresol(0x80 | 1).digits());  // 0.5 s
        assertEquals(4, TimestampUnit.ofTsresol(0x80 | 10).digits()); // 1/1024 s: 1,024 ticks need 10^4
        assertEquals(7, TimestampUnit.ofTsresol(0x80 | 20).digits());
        assertEquals(9, TimestampUnit.ofTsresol(0x80 | 29).digits());
    }

    @Test
    void resolutionsBeyondSixtyFourBitsAreInvalid() {
        assertTrue(TimestampUnit.isValidTsresol(18));
        assertFalse(TimestampUnit.isValidTsresol(19));
        assertTrue(TimestampUnit.isValidTsresol(0x80 | 63));
        assertFalse(TimestampUnit.isValidTsresol(0x80 | 64));
    }
}
