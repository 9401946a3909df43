package io.tcpwhy.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A run of unanswered segments: counted from its first, ended by the peer, and never written while shared. */
class EndpointRunTest {

    @Test
    void aRunKeepsItsFirstAndLastAndStartsAfreshAfterItEnds() {
        EndpointTrack t = new EndpointTrack();
        EndpointTrack.Run run = t.mishaps().retransmitRun();
        run.add(10, 1_000);
        run.add(12, 3_000);
        run.add(15, 7_000);
        assertEquals(3, t.retransmits().count());
        assertEquals(10, t.retransmits().firstFrame());
        assertEquals(15, t.retransmits().lastFrame());
        assertEquals(6_000, t.retransmits().spanNanos());

        run.end();
        run.add(20, 9_000);
        assertEquals(1, run.count());
        assertEquals(20, run.firstFrame());
        assertEquals(0, run.spanNanos());
        assertEquals(0, t.probes().count(), "probes are a run of their own");
    }

    @Test
    void aTrackWithoutMishapsReadsTheSharedEmptyRunWhichRefusesWrites() {
        EndpointTrack t = new EndpointTrack();
        assertSame(EndpointTrack.Run.NONE_YET, t.probes());
        assertEquals(0, t.probes().count());
        assertEquals(EndpointTrack.NONE, t.probes().lastFrame());
        assertThrows(IllegalStateException.class, () -> t.probes().add(1, 1));
        assertThrows(IllegalStateException.class, () -> t.retransmits().end());
    }

    @Test
    void runsAreMadeOnTheirFirstSegmentAndEndingNoneWritesNothing() {
        EndpointTrack t = new EndpointTrack();
        t.mishaps().resetFrame = 7; // a reset: the part for mishaps exists, no run yet
        t.endRuns();
        assertSame(EndpointTrack.Run.NONE_YET, t.retransmits(), "a reset alone makes no retransmission run");
        assertSame(EndpointTrack.Run.NONE_YET, t.probes());
        t.mishaps().probeRun().add(3, 100);
        assertEquals(1, t.probes().count());
        assertSame(EndpointTrack.Run.NONE_YET, t.retransmits(), "a probe makes only the probe run");
        t.endRuns();
        assertEquals(0, t.probes().count());
        assertEquals(3, t.probes().firstFrame(), "an ended run keeps where it began until the next one");
    }
}
