package io.tcpwhy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The factories' caches of recent addresses and endpoints give the value asked for, whatever collides. */
class AddressCacheTest {

    @Test
    void everyFactoryResultEqualsTheValueAskedFor() {
        Random random = new Random(12);
        for (int i = 0; i < 200_000; i++) {
            // Few distinct values, so that slots are both hit and overwritten by colliding ones.
            int v4 = 0x0A00_0000 | random.nextInt(1 << 14);
            long high = random.nextInt(4);
            long low = random.nextInt(1 << 14);
            int port = random.nextInt(1 << 12);

            IpAddress a = IpAddress.v4(v4);
            assertEquals(new IpAddress(0, v4 & 0xFFFF_FFFFL, false), a);
            IpAddress b = IpAddress.v6(high, low);
            assertEquals(new IpAddress(high, low, true), b);
            boolean v6 = random.nextBoolean();
            Endpoint e = Endpoint.of(v6 ? IpAddress.v6(high, low) : IpAddress.v4(v4), port);
            assertEquals(new Endpoint(v6 ? new IpAddress(high, low, true) : new IpAddress(0, v4 & 0xFFFF_FFFFL, false),
                    port), e);
        }
    }
}
