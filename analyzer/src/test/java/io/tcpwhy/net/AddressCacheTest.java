package io.tcpwhy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The factories' caches of recent addresses give the value asked for, whatever collides. */
class AddressCacheTest {

    @Test
    void everyFactoryResultEqualsTheValueAskedFor() {
        Random random = new Random(12);
        for (int i = 0; i < 200_000; i++) {
            // Few distinct values, so that slots are both hit and overwritten by colliding ones.
            int v4 = 0x0A00_0000 | random.nextInt(1 << 14);
            long high = random.nextInt(4);
            long low = random.nextInt(1 << 14);

            IpAddress a = IpAddress.v4(v4);
            assertEquals(new IpAddress(0, v4 & 0xFFFF_FFFFL, false), a);
            IpAddress b = IpAddress.v6(high, low);
            assertEquals(new IpAddress(high, low, true), b);
        }
    }
}
