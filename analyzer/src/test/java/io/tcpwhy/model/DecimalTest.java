package io.tcpwhy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Digits written into bytes read as Long.toString and the formatter write them. */
class DecimalTest {

    private static String written(long v) {
        byte[] b = new byte[3 + Decimal.MAX_LONG_LENGTH];
        b[0] = 'x';
        int end = Decimal.write(b, 1, v);
        return new String(b, 1, end - 1, StandardCharsets.US_ASCII);
    }

    private static String seconds(long nanos) {
        byte[] b = new byte[Decimal.MAX_SECONDS_MILLIS_LENGTH];
        return new String(b, 0, Decimal.writeSecondsMillis(b, 0, nanos), StandardCharsets.US_ASCII);
    }

    @Test
    void everyLongIsWrittenAsLongToStringWritesIt() {
        long[] edges = {0, 1, 9, 10, 99, 100, 999, 1000, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, -1, -10,
            Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999L, 1_000_000_000_000L};
        for (long v : edges) {
            assertEquals(Long.toString(v), written(v));
        }
        for (int i = 1; i < Decimal.MAX_LONG_LENGTH; i++) {
            long power = (long) Math.pow(10, Math.min(i, 18));
            assertEquals(Long.toString(power - 1), written(power - 1));
            assertEquals(Long.toString(power), written(power));
        }
        Random random = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(v), written(v));
            assertEquals(Long.toString(v).length(), v < 0 ? written(v).length() : Decimal.length(v));
        }
    }

    @Test
    void secondsReadAsTheFormatterRoundsThemHalfUp() {
        long[] edges = {0, 1, 499_999, 500_000, 999_999, 1_000_000, 1_000_500_000L, 59_999_500_000L, -1, -500_000,
            -1_234_567_890L, 86_400_000_000_000L, Long.MAX_VALUE / 2};
        for (long n : edges) {
            assertEquals(String.format("%.3f", java.math.BigDecimal.valueOf(n).movePointLeft(9)), seconds(n), "nanos " + n);
        }
        Random random = new Random(6);
        for (int i = 0; i < 50_000; i++) {
            long n = random.nextLong() >> random.nextInt(64);
            if (n == Long.MIN_VALUE) {
                continue; // its negation overflows: no duration of a capture comes near
            }
            assertEquals(String.format("%.3f", java.math.BigDecimal.valueOf(n).movePointLeft(9)), seconds(n), "nanos " + n);
        }
    }

    @Test
    void paddedNumbersHaveExactlyTheirWidth() {
        Random random = new Random(7);
        for (int width = 1; width <= 9; width++) {
            int bound = (int) Math.pow(10, width);
            for (int i = 0; i < 2_000; i++) {
                int v = i < 3 ? new int[] {0, 1, bound - 1}[i] : random.nextInt(bound);
                byte[] b = new byte[width + 2];
                assertEquals(width + 1, Decimal.writePadded(b, 1, v, width));
                assertEquals(String.format("%0" + width + "d", v), new String(b, 1, width, StandardCharsets.US_ASCII));
                assertEquals(0, b[0]);
                assertEquals(0, b[width + 1], "nothing written past the width");
            }
        }
    }

    private static String endpoint(Endpoint e) {
        byte[] b = new byte[1 + Decimal.MAX_ENDPOINT_LENGTH];
        b[0] = 'x';
        return new String(b, 1, Decimal.writeEndpoint(b, 1, e) - 1, StandardCharsets.US_ASCII);
    }

    @Test
    void endpointsReadAsToStringAndFitTheRoom() {
        for (String s : new String[] {"0.0.0.0:0", "255.255.255.255:65535", "10.0.0.1:40000", "1.22.133.9:80",
            "100.10.1.0:9", "192.168.0.1:10000", "8.8.8.8:999", "[::1]:80", "[2001:db8::1]:443",
            "[fe80::1:2:3:4]:65535", "[1111:2222:3333:4444:5555:6666:7777:8888]:65535"}) {
            assertEquals(s, endpoint(Endpoint.parse(s)));
        }
        assertEquals(Decimal.MAX_ENDPOINT_LENGTH, endpoint(Endpoint.parse("[1111:2222:3333:4444:5555:6666:7777:8888]:65535"))
                .length(), "the longest endpoint fills the room exactly");
        Random random = new Random(8);
        for (int i = 0; i < 10_000; i++) {
            Endpoint v4 = new Endpoint(IpAddress.v4(random.nextInt()), random.nextInt(0x10000));
            assertEquals(v4.toString(), endpoint(v4));
            Endpoint v6 = new Endpoint(IpAddress.v6(random.nextLong() >>> random.nextInt(64), random.nextLong()), random.nextInt(0x10000));
            assertEquals(v6.toString(), endpoint(v6));
        }
    }
}
