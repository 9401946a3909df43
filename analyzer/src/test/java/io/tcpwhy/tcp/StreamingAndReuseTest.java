package io.tcpwhy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.testing.SegmentScript;
import org.junit.jupiter.api.Test;

/** When connections are handed out, and when a 4-tuple starts a new one. */
class StreamingAndReuseTest {

    private static SegmentScript closed(String client) {
        return SegmentScript.between(client, "10.0.0.2:5000").client("S").server("SA").client("A")
                .client("FA").server("FA").client("A");
    }

    @Test
    void closedConnectionIsHandedOutOnceTheCaptureClockPassesTheCloseDelay() {
        Tracking t = new Tracking();
        t.feed(closed("10.0.0.1:40000").segments());
        t.feed(SegmentScript.between("10.0.0.3:40001", "10.0.0.2:5000").at(4.0).client("S").segments());
        assertEquals(0, t.done.size(), "still inside Zeek's 5 s close delay");
        t.feed(SegmentScript.between("10.0.0.3:40001", "10.0.0.2:5000").at(6.0).client("A").segments());
        assertEquals(1, t.done.size());
        assertEquals("SF", t.done.get(0).zeek().connState());
        assertEquals(1, t.tracker.openConnections());
    }

    @Test
    void silentEstablishedConnectionIsHandedOutAfterTheInactivityTimeout() {
        Tracking t = new Tracking();
        t.feed(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:5000").client("S").server("SA").client("A").segments());
        t.feed(SegmentScript.between("10.0.0.3:40001", "10.0.0.2:5000").at(301).client("S").segments());
        assertEquals(1, t.done.size());
        assertEquals("S1", t.done.get(0).zeek().connState());
    }

    @Test
    void newSynAfterCloseStartsAPortReuseConnection() {
        SegmentScript s = closed("10.0.0.1:40000");
        s.at(1.0).rawClient("S", 90_000, 0, 0);
        Tracking t = Tracking.run(s.segments());
        assertEquals(2, t.done.size());
        assertFalse(t.done.get(0).portReuse());
        assertTrue(t.done.get(1).portReuse());
        assertEquals(2, t.done.get(1).id());
        assertEquals("S0", t.done.get(1).zeek().connState());
    }

    @Test
    void tupleSeenAgainAfterItsConnectionWasHandedOutIsPortReuse() {
        SegmentScript s = closed("10.0.0.1:40000");
        s.at(30).rawClient("S", 90_000, 0, 0);
        Tracking t = Tracking.run(s.segments());
        assertEquals(2, t.done.size());
        assertTrue(t.done.get(1).portReuse());
    }

    @Test
    void finishHandsOutEveryOpenConnection() {
        Tracking t = new Tracking();
        t.feed(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:5000").client("S").segments());
        t.feed(SegmentScript.between("10.0.0.3:40000", "10.0.0.2:5000").client("S").segments());
        assertEquals(2, t.tracker.openConnections());
        t.tracker.finish();
        assertEquals(2, t.done.size());
        assertEquals(0, t.tracker.openConnections());
    }
}
