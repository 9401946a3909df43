package io.tcpwhy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tcpwhy.net.ConnectionKey;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tracker's table against a HashMap of connection keys, through growth and deletions that shift slots back. */
class FlowTableTest {

    /** A value: the table keeps its key in it. */
    private static final class Value extends FlowTable.Keyed {
        final Object label;

        Value(Object label) {
            this.label = label;
        }
    }

    private static Object label(Value v) {
        return v == null ? null : v.label;
    }

    private static final Endpoint A = Endpoint.parse("10.0.0.1:5000");
    private static final Endpoint B = Endpoint.parse("10.0.0.2:80");

    @Test
    void findsAValueFromEitherDirectionAndForgetsItWhenRemoved() {
        FlowTable<Value> t = new FlowTable<>();
        assertNull(t.put(A, B, new Value("one")));
        assertEquals("one", label(t.get(A, B)));
        assertEquals("one", label(t.get(B, A)));
        assertEquals("one", label(t.put(B, A, new Value("two"))), "the same pair in the other direction is the same key");
        assertEquals(1, t.size());
        assertEquals("two", label(t.remove(A, B)));
        assertNull(t.get(B, A));
        assertNull(t.remove(A, B));
        assertEquals(0, t.size());
    }

    @Test
    void tellsApartIpv4AndIpv6WithTheSameNumbersAndPortsThatDifferOnlyBySide() {
        FlowTable<Value> t = new FlowTable<>();
        Endpoint v4 = new Endpoint(IpAddress.v4(1), 80);
        Endpoint v6 = new Endpoint(IpAddress.v6(0, 1), 80);
        Endpoint peer = new Endpoint(IpAddress.v4(2), 81);
        Endpoint peer6 = new Endpoint(IpAddress.v6(0, 2), 81);
        t.put(v4, peer, new Value("v4"));
        t.put(v6, peer6, new Value("v6"));
        t.put(new Endpoint(IpAddress.v4(1), 81), new Endpoint(IpAddress.v4(2), 80), new Value("ports swapped"));
        assertEquals("v4", label(t.get(peer, v4)));
        assertEquals("v6", label(t.get(peer6, v6)));
        assertEquals("ports swapped", label(t.get(new Endpoint(IpAddress.v4(2), 80), new Endpoint(IpAddress.v4(1), 81))));
        assertNull(t.get(v6, peer), "an IPv6 endpoint is not the IPv4 one with the same number");
    }

    @Test
    void agreesWithAHashMapThroughManyPutsAndRemoves() {
        Random random = new Random(12);
        FlowTable<Value> table = new FlowTable<>();
        Map<ConnectionKey, Integer> reference = new HashMap<>();
        List<Endpoint[]> pairs = new ArrayList<>();
        // Few addresses and ports, so keys recur and probe runs collide and wrap the table's end.
        for (int i = 0; i < 3000; i++) {
            Endpoint a = endpoint(random);
            Endpoint b = endpoint(random);
            pairs.add(new Endpoint[] {a, b});
        }
        for (int step = 0; step < 200_000; step++) {
            Endpoint[] p = pairs.get(random.nextInt(pairs.size()));
            boolean flip = random.nextBoolean();
            Endpoint a = flip ? p[1] : p[0];
            Endpoint b = flip ? p[0] : p[1];
            ConnectionKey key = ConnectionKey.of(a, b);
            switch (random.nextInt(3)) {
                case 0 -> assertEquals(reference.put(key, step), label(table.put(a, b, new Value(step))), "put at step " + step);
                case 1 -> assertEquals(reference.remove(key), label(table.remove(a, b)), "remove at step " + step);
                default -> assertEquals(reference.get(key), label(table.get(a, b)), "get at step " + step);
            }
            assertEquals(reference.size(), table.size(), "size at step " + step);
        }
        List<Integer> seen = new ArrayList<>();
        table.forEach(v -> seen.add((Integer) v.label));
        List<Integer> expected = new ArrayList<>(reference.values());
        seen.sort(null);
        expected.sort(null);
        assertEquals(expected, seen);
        for (Endpoint[] p : pairs) {
            assertEquals(reference.get(ConnectionKey.of(p[0], p[1])), label(table.get(p[1], p[0])));
        }
    }

    private static Endpoint endpoint(Random random) {
        IpAddress address = random.nextInt(4) == 0
                ? IpAddress.v6(random.nextInt(2), random.nextInt(8))
                : IpAddress.v4(0x0A00_0000 | random.nextInt(8));
        return new Endpoint(address, 80 + random.nextInt(6));
    }
}
