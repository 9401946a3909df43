package io.tcpwhy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The wheel against the plain rule: every entry armed for a time at or before now is taken, once, and no other. */
class TimerWheelTest {

    private static final class Timer extends TimerWheel.Entry {
        final int id;

        Timer(int id) {
            this.id = id;
        }
    }

    @Test
    void takesExactlyTheEntriesDueThroughRearmsDisarmsAndJumpsOfTheClock() {
        Random random = new Random(7);
        TimerWheel wheel = new TimerWheel();
        List<Timer> timers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            timers.add(new Timer(i));
        }
        Map<Integer, Long> armed = new HashMap<>();
        long now = 1_000_000_000_000L;
        for (int step = 0; step < 100_000; step++) {
            int what = random.nextInt(10);
            if (what < 5) {
                Timer t = timers.get(random.nextInt(timers.size()));
                // Near (inside a slot or a few), far (beyond one revolution of about 70 s), or disarm.
                long due = switch (random.nextInt(4)) {
                    case 0 -> now + random.nextInt(20_000_000);
                    case 1 -> now + (long) random.nextInt(2_000) * 1_000_000L;
                    case 2 -> now + 60_000_000_000L + (long) random.nextInt(300) * 1_000_000_000L;
                    default -> Long.MAX_VALUE;
                };
                wheel.arm(t, due);
                if (due == Long.MAX_VALUE) {
                    armed.remove(t.id);
                } else {
                    armed.put(t.id, due);
                }
            } else {
                // Mostly small steps, sometimes a jump past whole revolutions.
                now += random.nextInt(50) == 0 ? (long) random.nextInt(400) * 1_000_000_000L
                        : random.nextInt(5_000_000);
                TreeSet<Integer> expected = new TreeSet<>();
                for (Map.Entry<Integer, Long> e : armed.entrySet()) {
                    if (e.getValue() <= now) {
                        expected.add(e.getKey());
                    }
                }
                TreeSet<Integer> taken = new TreeSet<>();
                for (TimerWheel.Entry e = wheel.takeDue(now); e != null; e = e.dueNext()) {
                    taken.add(((Timer) e).id);
                    assertEquals(Long.MAX_VALUE, e.due(), "a taken entry is disarmed");
                }
                assertEquals(expected, taken, "due at step " + step);
                expected.forEach(armed::remove);
                assertEquals(armed.size(), wheel.size(), "armed at step " + step);
            }
        }
    }
}
