package io.tcpwhy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.testing.SegmentScript;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** When connections are handed out, and what makes one socket pair's life one connection. */
class StreamingAndReuseTest {

    private static final long SECOND = 1_000_000_000L;

    private static SegmentScript closed(String client) {
        return SegmentScript.between(client, "10.0.0.2:5000").client("S").server("SA").client("A")
                .client("FA").server("FA").client("A");
    }

    @Test
    void closedConnectionIsHandedOutOnceZeekLetsGoOfIt() {
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
    void silenceLongerThanZeeksInactivityTimeoutDoesNotSplitTheConnection() {
        SegmentScript s = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:5000").client("S").server("SA")
                .client("A").client("PA", 10).server("A");
        s.at(400).client("PA", 10).server("R");
        Tracking t = Tracking.run(s.segments());
        TrackedConnection<Tracking.Recorder> c = t.only();
        assertFalse(c.portReuse());
        assertFalse(c.rolesInferred());
        assertEquals(2, c.zeekRecords().size(), "Zeek writes one record before the silence and one after");
        assertEquals("S1", c.zeekRecords().get(0).connState());
        assertEquals(c.zeek(), c.zeekRecords().get(0).summary());
        assertEquals(6, c.zeekRecords().get(1).firstFrame());
        assertEquals(20, c.clientBytes(), "bytes add up over Zeek's records");
    }

    @Test
    void synRetransmittedFourTimesOverFourteenSecondsIsOneConnectionOfThreeZeekRecords() {
        SegmentScript s = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:5000");
        long isn = s.clientNext();
        s.rawClient("S", isn, 0, 0);
        for (double at : new double[] {2, 6, 14}) {
            s.at(at).rawClient("S", isn, 0, 0);
        }
        Tracking t = Tracking.run(s.segments());
        TrackedConnection<Tracking.Recorder> c = t.only();
        assertEquals(4, c.observer().sides.size(), "every SYN goes to the one connection");
        assertEquals(List.of(1L, 3L, 4L), c.zeekRecords().stream().map(ZeekRecord::firstFrame).toList(),
                "Zeek's 5 s attempt timer cuts records after the SYNs at 0+2 s and at 6 s");
        assertTrue(c.zeekRecords().stream().allMatch(r -> r.connState().equals("S0")));
    }

    @Test
    void newSynWithANewIsnAfterCloseStartsAPortReuseConnection() {
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
    void tupleSeenAgainWithANewSynAfterItsConnectionWasHandedOutIsPortReuse() {
        SegmentScript s = closed("10.0.0.1:40000");
        s.at(30).rawClient("S", 90_000, 0, 0);
        Tracking t = Tracking.run(s.segments());
        assertEquals(2, t.done.size());
        assertTrue(t.done.get(1).portReuse());
        assertEquals(TrackedConnection.NOT_LATE, t.done.get(1).lateAfterFrame());
    }

    @Test
    void segmentInTheOldSequenceSpaceAfterHandOutIsLateNotReuse() {
        SegmentScript s = closed("10.0.0.1:40000");
        s.at(30).client("A");
        Tracking t = Tracking.run(s.segments());
        assertEquals(2, t.done.size());
        assertFalse(t.done.get(1).portReuse());
        assertEquals(6, t.done.get(1).lateAfterFrame(), "late segments of the connection that ended at frame 6");
    }

    @Test
    void aLongLivedConnectionHoldsBackNoOtherReport() {
        Tracking t = new Tracking();
        t.feed(SegmentScript.between("10.0.0.9:41000", "10.0.0.2:5000").client("S").server("SA").client("A")
                .segments());
        t.feed(closed("10.0.0.1:40000").at(1).segments());
        t.tracker.advanceTo(t.tracker.now() + 20 * SECOND);
        assertEquals(1, t.done.size(), "the closed connection is out while #1 stays open");
        assertEquals(2, t.done.get(0).id(), "ids stay in order of first frame");
        assertEquals(1, t.tracker.openConnections());
    }

    @Test
    void liveSettingsHandAConnectionOutHalfASecondAfterItEndedWithoutAnotherSegment() {
        List<TrackedConnection<Tracking.Recorder>> done = new ArrayList<>();
        ConnectionTracker<Tracking.Recorder> tracker = new ConnectionTracker<>((c, s) -> new Tracking.Recorder(),
                TrackerSettings.LIVE, done::add);
        SegmentScript s = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:5000").client("S").server("R");
        s.segments().forEach(tracker::onSegment);
        long end = tracker.now();
        tracker.advanceTo(end + 400_000_000L);
        assertEquals(0, done.size(), "the verdict waits half a second for a late segment");
        tracker.advanceTo(end + 600_000_000L);
        assertEquals(1, done.size(), "a refused connect is out within a second on a quiet port");
        assertEquals("REJ", done.get(0).zeek().connState());
    }

    @Test
    void pastTheCapTheLeastRecentlyActiveConnectionIsEvicted() {
        List<TrackedConnection<Tracking.Recorder>> done = new ArrayList<>();
        ConnectionTracker<Tracking.Recorder> tracker = new ConnectionTracker<>((c, s) -> new Tracking.Recorder(),
                TrackerSettings.FILES.withMaxOpen(2), done::add);
        for (int port = 1; port <= 3; port++) {
            SegmentScript.between("10.0.0.1:" + (40000 + port), "10.0.0.2:5000").at(port).client("S").segments()
                    .forEach(tracker::onSegment);
        }
        assertEquals(1, done.size());
        assertEquals(1, done.get(0).id());
        assertEquals(2, done.get(0).evictedAtCap());
        assertEquals(2, tracker.openConnections());
    }

    @Test
    void droppedFramesMarkEveryConnectionOpenAtTheTime() {
        Tracking t = new Tracking();
        t.feed(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:5000").client("S").segments());
        t.tracker.framesDropped(7);
        t.feed(SegmentScript.between("10.0.0.3:40000", "10.0.0.2:5000").client("S").segments());
        t.tracker.finish();
        assertEquals(List.of(7L, 0L), t.done.stream().map(TrackedConnection::framesDropped).toList());
    }

    @Test
    void aTimestampFarInTheFutureEndsInBoundedTimeAndNoConnectionEndsBeforeItStarts() {
        List<TcpSegment> segments = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            segments.addAll(closed("10.0.0.1:" + (40000 + i)).at(i * 0.001).segments());
        }
        TcpSegment hostile = segments.get(30);
        segments.set(30, new TcpSegment(hostile.frame(), Long.MAX_VALUE, hostile.src(), hostile.dst(), hostile.seq(),
                hostile.ack(), hostile.flags(), hostile.window(), 0, 0, hostile.ipLength(), hostile.ttl(),
                hostile.ipId(), hostile.options()));
        TcpSegment backwards = segments.get(50);
        segments.set(50, new TcpSegment(backwards.frame(), 0, backwards.src(), backwards.dst(), backwards.seq(),
                backwards.ack(), backwards.flags(), backwards.window(), 0, 0, backwards.ipLength(), backwards.ttl(),
                backwards.ipId(), backwards.options()));
        Tracking t = Tracking.run(segments);
        assertEquals(segments.size(), t.done.stream().mapToInt(c -> c.observer().sides.size()).sum(),
                "every segment reaches a connection");
        assertTrue(t.done.stream().allMatch(c -> c.startNanos() <= c.endNanos()),
                t.done.stream().map(c -> c.id() + ":" + c.startNanos() + ".." + c.endNanos())
                        .collect(Collectors.joining(" ")));
        assertTrue(t.done.stream().allMatch(c -> c.endNanos() <= ConnectionTracker.MAX_TIME));
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

    @Test
    void aConnectionZeekLetGoOfWithoutAnEndStaysHeldCountedMarkedAndEvictable() {
        List<TrackedConnection<Tracking.Recorder>> done = new ArrayList<>();
        ConnectionTracker<Tracking.Recorder> tracker = new ConnectionTracker<>((c, s) -> new Tracking.Recorder(),
                TrackerSettings.FILES.withMaxOpen(2), done::add);
        // Two SYNs never answered: Zeek's 5 s attempt timer lets go of both, the tracker holds them.
        SegmentScript first = SegmentScript.between("10.0.0.1:40001", "10.0.0.2:5000").client("S");
        SegmentScript second = SegmentScript.between("10.0.0.1:40002", "10.0.0.2:5000").at(1).client("S");
        first.segments().forEach(tracker::onSegment);
        second.segments().forEach(tracker::onSegment);
        tracker.advanceTo(20 * SECOND);
        assertEquals(2, tracker.openConnections(), "held after Zeek let go");
        tracker.framesDropped(3);
        // The first SYN sent again, same ISN: the held connection takes it (a second Zeek record).
        long isn = first.segments().get(0).seq();
        first.at(21).rawClient("S", isn, 0, 0).segments().subList(1, 2).forEach(tracker::onSegment);
        assertEquals(0, done.size());
        // A third connection passes the cap of 2: the least recently active one, the second, goes.
        SegmentScript.between("10.0.0.1:40003", "10.0.0.2:5000").at(22).client("S").segments()
                .forEach(tracker::onSegment);
        assertEquals(1, done.size());
        assertEquals(2, done.get(0).id());
        assertEquals(3, done.get(0).framesDropped());
        tracker.finish();
        assertEquals(List.of(2, 1, 3), done.stream().map(TrackedConnection::id).toList());
        assertEquals(2, done.get(1).observer().sides.size(), "both SYNs in the first connection");
        assertEquals(2, done.get(1).zeekRecords().size());
        assertEquals(0, tracker.openConnections());
    }
}
