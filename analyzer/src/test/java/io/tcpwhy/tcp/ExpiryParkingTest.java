package io.tcpwhy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.testing.SegmentScript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zeek re-arms a live connection's expire timer every {@link ZeekDefaults#SESSION_TIMER} for
 * as long as it lives; the session parks that chain while no segment comes and, when one
 * comes, arms it where Zeek's own chain would stand.
 */
class ExpiryParkingTest {

    private static final long SECOND = 1_000_000_000L;
    /** Where {@link SegmentScript} starts its capture time; the tests count seconds from it. */
    private static final long T0 = 1_700_000_000_000_000_000L;

    /** The clock side of a session: what it armed, in order. */
    private static final class Armed implements ZeekSession.Clock {
        final List<String> log = new ArrayList<>();
        int removed;

        @Override
        public void schedule(ZeekSession session, ZeekSession.Timer timer, long atNanos) {
            log.add(timer + "@" + (atNanos - T0) / SECOND);
        }

        @Override
        public void remove(ZeekSession session) {
            removed++;
        }

        List<String> expiries() {
            return log.stream().filter(s -> s.startsWith("EXPIRE")).toList();
        }
    }

    private static long at(int seconds) {
        return T0 + seconds * SECOND;
    }

    /** An established connection whose handshake ended at second 0, with its clock. */
    private static ZeekSession established(Armed clock) {
        List<TcpSegment> handshake = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("S").server("SA").client("A").segments();
        ZeekSession session = new ZeekSession(clock, handshake.get(0).src(), handshake.get(0).dst(), T0);
        session.start(T0);
        for (TcpSegment s : handshake) {
            session.process(s, session.isOrigSender(s));
        }
        return session;
    }

    /** An established connection idle past Zeek's linger, its expire chain parked at second 11 (next point: 17). */
    private static ZeekSession parked(Armed clock) {
        ZeekSession session = established(clock);
        session.onTimer(ZeekSession.Timer.EXPIRE, at(5));
        session.onTimer(ZeekSession.Timer.EXPIRE, at(11));
        return session;
    }

    @Test
    void anIdleConnectionsExpiryIsParkedOnceZeekWouldOnlyReArmIt() {
        Armed clock = new Armed();
        ZeekSession session = established(clock);
        assertEquals(List.of("EXPIRE@5"), clock.expiries(), "armed when the analyzer starts");

        session.onTimer(ZeekSession.Timer.EXPIRE, at(5));
        assertEquals(List.of("EXPIRE@5", "EXPIRE@11"), clock.expiries(),
                "5 s after the last segment the connection is not yet past Zeek's linger: re-armed");

        session.onTimer(ZeekSession.Timer.EXPIRE, at(11));
        assertEquals(List.of("EXPIRE@5", "EXPIRE@11"), clock.expiries(),
                "past the linger with no segment, every later firing would re-arm alike: parked");
        assertEquals(0, clock.removed);
    }

    @Test
    void aSegmentArmsTheParkedChainAtItsFirstPointAfterTheSegment() {
        Armed clock = new Armed();
        ZeekSession session = parked(clock);

        // Zeek's chain: 17, 23, 29, 35, 41 s; the points up to 40 s fired and re-armed.
        session.resumeExpiry(at(40));
        assertEquals("EXPIRE@41", clock.expiries().get(clock.expiries().size() - 1));
        int armed = clock.expiries().size();
        session.resumeExpiry(at(50));
        assertEquals(armed, clock.expiries().size(), "resumed once: the chain runs again by itself");
    }

    @Test
    void aSegmentExactlyOnAPointOfTheChainComesAfterThatPointFired() {
        Armed clock = new Armed();
        ZeekSession session = parked(clock);

        session.resumeExpiry(at(17));
        assertEquals("EXPIRE@23", clock.expiries().get(clock.expiries().size() - 1),
                "timers due at a segment's time fire before it");
    }

    @Test
    void aSegmentBeforeTheParkedPointArmsThatPoint() {
        Armed clock = new Armed();
        ZeekSession session = parked(clock);

        session.resumeExpiry(at(12));
        assertEquals("EXPIRE@17", clock.expiries().get(clock.expiries().size() - 1));
    }

    @Test
    void aSessionThatNeverParkedArmsNothingOnASegment() {
        Armed clock = new Armed();
        ZeekSession session = established(clock);
        int before = clock.log.size();
        session.resumeExpiry(at(3));
        assertEquals(before, clock.log.size());
        assertTrue(clock.expiries().contains("EXPIRE@5"));
    }
}
