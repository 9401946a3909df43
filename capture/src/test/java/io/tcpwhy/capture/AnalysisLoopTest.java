package io.tcpwhy.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.AnalysisSettings;
import io.tcpwhy.FrameAnalysis;
import io.tcpwhy.OpenConnection;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.testing.SegmentScript;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis thread's loop on an injected clock: frames go into the ring as the capture
 * thread would put them, the test moves the wall clock in 100 ms steps (the loop's own
 * advance period) and looks at what the listener heard, with no libpcap and no sleeping.
 */
class AnalysisLoopTest {

    private static final long MILLI = 1_000_000L;
    private static final long ONE_SECOND = 1_000 * MILLI;

    private final FakeClock clock = new FakeClock(0);
    private final AtomicLong kernelDrops = new AtomicLong();
    private final Heard heard = new Heard();
    private FrameRing ring = new FrameRing(1 << 10, 1 << 20);

    /** What the listener heard, in order. */
    static final class Heard implements LiveListener {
        final List<ConnectionReport> reports = new ArrayList<>();
        final List<LiveAlert> alerts = new ArrayList<>();
        final List<DropNotice> drops = new ArrayList<>();
        final List<OpenConnection> stillOpen = new ArrayList<>();
        final List<StillOpen> stillOpenLost = new ArrayList<>();
        /** How many reports had been heard at each {@link #caughtUp()}. */
        final List<Integer> caughtUpAt = new ArrayList<>();

        @Override
        public void connection(ConnectionReport report) {
            reports.add(report);
        }

        @Override
        public void caughtUp() {
            caughtUpAt.add(reports.size());
        }

        @Override
        public void alert(LiveAlert alert) {
            alerts.add(alert);
        }

        @Override
        public void dropped(DropNotice notice) {
            drops.add(notice);
        }

        @Override
        public void stillOpen(List<StillOpen> open, long nowNanos) {
            open.forEach(o -> stillOpen.add(o.connection()));
            stillOpenLost.addAll(open);
        }
    }

    private AnalysisLoop loop() {
        FrameAnalysis analysis = new FrameAnalysis(1, AnalysisSettings.LIVE, heard::connection);
        return new AnalysisLoop(ring, analysis, LinkType.EN10MB, 9, null, clock, AnalysisLoop.BLOCK_DELIVERY_LAG_NANOS,
                AlertThresholds.DEFAULT, kernelDrops::get, heard, Long.MAX_VALUE);
    }

    /** The capture thread's part: each segment's frame into the ring, at its capture time. */
    private void capture(List<TcpSegment> segments) {
        for (TcpSegment s : segments) {
            assertTrue(ring.offer(s.timeNanos(), SegmentPcap.frame(s), SegmentPcap.frame(s).length), "ring has room");
        }
    }

    /** Moves the wall clock to {@code epochNanos}, stepping the loop every 100 ms as its thread would. */
    private void runUntil(AnalysisLoop loop, long epochNanos) throws Exception {
        while (clock.epochNanos() < epochNanos) {
            clock.set(Math.min(epochNanos, clock.epochNanos() + AnalysisLoop.ADVANCE_EVERY_NANOS));
            loop.step();
        }
    }

    /** Steps the loop with the clock at the last frame's time, then 100 ms at a time until a verdict or {@code limit}. */
    private long nanosUntilVerdict(AnalysisLoop loop, long eventNanos, long limitNanos) throws Exception {
        clock.set(eventNanos);
        loop.step();
        int before = heard.reports.size();
        while (heard.reports.size() == before && clock.epochNanos() - eventNanos < limitNanos) {
            clock.advanceMillis(100);
            loop.step();
        }
        return clock.epochNanos() - eventNanos;
    }

    private static long last(List<TcpSegment> s) {
        return s.get(s.size() - 1).timeNanos();
    }

    @Test
    void verdictsOfOneBatch_arePushedOutOnceAfterTheLastOfThem() throws Exception {
        AnalysisLoop loop = loop();
        long end = 0;
        for (int port = 40001; port <= 40003; port++) {
            List<TcpSegment> conn = SegmentScript.between("10.0.0.1:" + port, "10.0.0.2:8081")
                    .client("S").server("SA").client("A").at(0.5).client("PA", 10).server("A").at(1.0).server("R")
                    .segments();
            capture(conn);
            end = Math.max(end, last(conn));
        }
        clock.set(end);
        loop.step();
        runUntil(loop, end + 2 * ONE_SECOND);
        assertEquals(3, heard.reports.size());
        assertTrue(heard.caughtUpAt.contains(3), "pushed out after the third: " + heard.caughtUpAt);
        assertFalse(heard.caughtUpAt.contains(1) || heard.caughtUpAt.contains(2),
                "not after each verdict: " + heard.caughtUpAt);
    }

    @Test
    void framesDeliveredLateInAKernelBlock_keepTheirOwnTimes() throws Exception {
        List<TcpSegment> conn = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:8081")
                .client("S").server("SA").client("A").client("PA", 10).client("R").segments();
        long sent = conn.get(0).timeNanos();
        AnalysisLoop loop = loop();
        // The wall clock runs on while the frames wait 150 ms for their block to be handed over.
        clock.set(sent + 150 * MILLI);
        loop.step();
        capture(conn);
        runUntil(loop, sent + 3 * ONE_SECOND);
        assertEquals(1, heard.reports.size());
        assertEquals(sent, heard.reports.get(0).startNanos(), "the frame's own time, not the clock's when it came");
        assertEquals(last(conn), heard.reports.get(0).endNanos());
    }

    @Test
    void resetOnAQuietPort_isExplainedWithinOneSecond() throws Exception {
        List<TcpSegment> conn = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:8081")
                .client("S").server("SA").client("A").at(0.5).client("PA", 10).server("A").at(1.0).server("R")
                .segments();
        AnalysisLoop loop = loop();
        capture(conn);
        long waited = nanosUntilVerdict(loop, last(conn), 5 * ONE_SECOND);
        assertEquals(1, heard.reports.size(), "the reset is explained with no further frame");
        assertTrue(waited <= ONE_SECOND, "explained " + waited / MILLI + " ms after the RST (expected at most 1000)");
        assertTrue(heard.reports.get(0).diagnosis().code().name().startsWith("RST"), heard.reports.get(0).diagnosis().toString());
    }

    @Test
    void refusalOnAQuietPort_isExplainedWithinOneSecond() throws Exception {
        List<TcpSegment> conn = SegmentScript.between("10.0.0.1:40001", "10.0.0.2:8081").client("S").server("RA")
                .segments();
        AnalysisLoop loop = loop();
        capture(conn);
        long waited = nanosUntilVerdict(loop, last(conn), 5 * ONE_SECOND);
        assertEquals(1, heard.reports.size(), "the refusal is explained with no further frame");
        assertTrue(waited <= ONE_SECOND, "explained " + waited / MILLI + " ms after the RST (expected at most 1000)");
        assertEquals(DiagnosisCode.REFUSED, heard.reports.get(0).diagnosis().code());
    }

    @Test
    void orderlyCloseOnAQuietPort_isExplainedWithinOneSecond() throws Exception {
        List<TcpSegment> conn = SegmentScript.between("10.0.0.1:40002", "10.0.0.2:8081")
                .client("S").server("SA").client("A").client("PA", 10).server("A")
                .at(0.2).client("FA").server("FA").client("A").segments();
        AnalysisLoop loop = loop();
        capture(conn);
        long waited = nanosUntilVerdict(loop, last(conn), 5 * ONE_SECOND);
        assertEquals(1, heard.reports.size(), "the close is explained with no further frame");
        assertTrue(waited <= ONE_SECOND, "explained " + waited / MILLI + " ms after the last ACK (expected at most 1000)");
        assertEquals(DiagnosisCode.ORDERLY, heard.reports.get(0).diagnosis().code());
    }

    @Test
    void longLivedConnection_delaysNoOtherVerdict() throws Exception {
        List<TcpSegment> pooled = SegmentScript.between("10.0.0.1:40003", "10.0.0.2:8081")
                .client("S").server("SA").client("A").client("PA", 10).server("PA", 20).segments();
        List<TcpSegment> reset = SegmentScript.between("10.0.0.1:40004", "10.0.0.2:8081")
                .at(2.0).client("S").server("SA").client("A").at(2.5).client("R").segments();
        AnalysisLoop loop = loop();
        capture(pooled);
        capture(reset);
        long waited = nanosUntilVerdict(loop, last(reset), 5 * ONE_SECOND);
        assertEquals(1, heard.reports.size(), "the reset of the second connection is out while the first is open");
        assertTrue(waited <= ONE_SECOND, "explained " + waited / MILLI + " ms after the RST (expected at most 1000)");
        assertEquals(40004, heard.reports.get(0).client().port());
        assertEquals(2, heard.reports.get(0).id(), "ids stay in order of first frame");
    }

    @Test
    void closeWaitLeak_isReportedWhileItLastsAndAgainAsItGrows() throws Exception {
        // The client closes; the server acknowledges its FIN and never closes: CLOSE_WAIT.
        List<TcpSegment> conn = SegmentScript.between("127.0.0.1:40005", "127.0.0.1:8081")
                .client("S").server("SA").client("A").client("PA", 10).server("PA", 20).client("A")
                .at(1.0).client("FA").server("A").segments();
        AnalysisLoop loop = loop();
        capture(conn);
        long fin = last(conn);
        clock.set(fin);
        loop.step();
        runUntil(loop, fin + 4 * ONE_SECOND);
        assertTrue(heard.alerts.isEmpty(), "nothing before the 5 s threshold: " + heard.alerts);
        runUntil(loop, fin + 6 * ONE_SECOND);
        assertEquals(1, heard.alerts.size(), "one alert past 5 s: " + heard.alerts);
        LiveAlert first = heard.alerts.get(0);
        assertEquals(LiveAlert.Kind.CLOSE_WAIT_LEAK, first.kind());
        assertEquals("server 127.0.0.1:8081 has held the client's FIN for 5 s: CLOSE_WAIT leak in progress",
                first.message());
        runUntil(loop, fin + 31 * ONE_SECOND);
        assertEquals(List.of(5L, 10L, 20L), heard.alerts.stream().map(LiveAlert::seconds).toList(),
                "again as it doubles");
        assertTrue(heard.reports.isEmpty(), "no verdict while the leak lasts: " + heard.reports);
        loop.finish();
        assertEquals(1, heard.stillOpen.size(), "listed as still open at the end");
        assertEquals(io.tcpwhy.model.TcpState.CLOSE_WAIT, heard.stillOpen.get(0).serverState());
        assertEquals(1, heard.reports.size(), "explained at the end");
    }

    @Test
    void aConnectionThatEndedJustBeforeTheStop_isExplainedNotListedAsStillOpen() throws Exception {
        List<TcpSegment> closed = SegmentScript.between("10.0.0.1:40010", "10.0.0.2:8081")
                .client("S").server("SA").client("A").client("PA", 10).server("A")
                .at(0.2).client("FA").server("FA").client("A").segments();
        List<TcpSegment> open = SegmentScript.between("10.0.0.1:40011", "10.0.0.2:8081")
                .client("S").server("SA").client("A").segments();
        AnalysisLoop loop = loop();
        capture(closed);
        capture(open);
        clock.set(last(open));
        loop.step();
        assertTrue(heard.reports.isEmpty(), "the stop comes before the closed one's verdict: " + heard.reports);
        loop.finish();
        assertEquals(List.of(40011), heard.stillOpen.stream().map(c -> c.client().port()).toList(),
                "only the established one is still open");
        assertEquals(2, heard.reports.size(), "both explained at the end");
    }

    @Test
    void ringOverflow_isReportedAtOnceAndFlagsTheConnectionsOpenThen() throws Exception {
        ring = new FrameRing(2, 1 << 20);
        List<TcpSegment> conn = SegmentScript.between("10.0.0.1:40006", "10.0.0.2:8081")
                .client("S").server("SA").client("A").client("PA", 10).server("A").at(0.5).client("R").segments();
        AnalysisLoop loop = loop();
        clock.set(conn.get(0).timeNanos());
        // Two fit, the third is refused while the analysis is behind.
        for (int i = 0; i < 3; i++) {
            TcpSegment s = conn.get(i);
            ring.offer(s.timeNanos(), SegmentPcap.frame(s), SegmentPcap.frame(s).length);
        }
        assertEquals(1, ring.refused());
        loop.step();
        for (int i = 3; i < conn.size(); i++) {
            TcpSegment s = conn.get(i);
            assertTrue(ring.offer(s.timeNanos(), SegmentPcap.frame(s), SegmentPcap.frame(s).length));
            loop.step();
        }
        nanosUntilVerdict(loop, last(conn), 5 * ONE_SECOND);
        assertEquals(1, heard.drops.size(), "the drop is told: " + heard.drops);
        assertEquals(1, heard.drops.get(0).byBuffer());
        assertEquals(1, heard.reports.size());
        assertTrue(heard.reports.get(0).annotations().stream().anyMatch(a -> a.code() == AnnotationCode.FRAMES_DROPPED),
                "the verdict says frames were lost: " + heard.reports.get(0).annotations());
    }

    @Test
    void kernelDrops_areReportedLiveAndFlagTheConnectionsOpenThen() throws Exception {
        List<TcpSegment> open = SegmentScript.between("10.0.0.1:40007", "10.0.0.2:8081")
                .client("S").server("SA").client("A").client("PA", 10).server("A").segments();
        AnalysisLoop loop = loop();
        capture(open);
        clock.set(last(open));
        loop.step();
        kernelDrops.set(72);
        clock.advanceMillis(100);
        loop.step();
        assertEquals(1, heard.drops.size(), "told within the 100 ms poll: " + heard.drops);
        DropNotice n = heard.drops.get(0);
        assertEquals(72, n.byKernel());
        assertEquals(1, n.openConnections());
        assertTrue(n.describe().startsWith("DROPPED 72 frames just now (72 by the kernel"), n.describe());
        clock.advanceMillis(100);
        loop.step();
        assertEquals(1, heard.drops.size(), "the same count is not told twice");
        loop.finish();
        assertEquals(1, heard.reports.size());
        assertTrue(heard.reports.get(0).annotations().stream().anyMatch(a -> a.code() == AnnotationCode.FRAMES_DROPPED),
                "the verdict says frames were lost: " + heard.reports.get(0).annotations());
    }

    @Test
    void alertsAndTheEndListOnAConnectionThatLostFrames_sayTheGapMayBeTheCause() throws Exception {
        // A burst of kernel drops takes the SYN-ACK of a connection that completed at once (the
        // client's ACK and data too): all the capture holds is its SYN, and without a caveat the
        // alert tells a story of a full accept queue that never happened.
        List<TcpSegment> lostItsAnswer = SegmentScript.between("127.0.0.1:40020", "127.0.0.1:8081")
                .client("S").segments();
        AnalysisLoop loop = loop();
        capture(lostItsAnswer);
        clock.set(last(lostItsAnswer));
        loop.step();
        kernelDrops.set(5);
        clock.advanceMillis(100);
        loop.step();
        assertEquals(1, heard.drops.size(), "the drop is told: " + heard.drops);
        // A SYN that truly goes unanswered, sent after the drop: its alert has no caveat.
        List<TcpSegment> unanswered = SegmentScript.between("127.0.0.1:40021", "127.0.0.1:8081")
                .at(0.3).client("S").segments();
        capture(unanswered);
        runUntil(loop, last(unanswered) + 3 * ONE_SECOND + 500 * MILLI);
        assertEquals(2, heard.alerts.size(), "both SYNs alerted at 3 s: " + heard.alerts);
        LiveAlert touched = heard.alerts.stream().filter(a -> a.client().port() == 40020).findFirst().orElseThrow();
        LiveAlert clean = heard.alerts.stream().filter(a -> a.client().port() == 40021).findFirst().orElseThrow();
        assertTrue(touched.framesLost(), "open during the drop: " + touched);
        assertTrue(touched.message().endsWith(FrameLoss.CAVEAT), touched.message());
        assertFalse(clean.framesLost(), "first seen after the drop: " + clean);
        assertFalse(clean.message().contains("unsure"), clean.message());
        loop.finish();
        assertEquals(List.of(true, false), heard.stillOpenLost.stream().map(StillOpen::framesLost).toList(),
                "the end list marks only the one open during the drop: " + heard.stillOpenLost);
    }

    @Test
    void kernelDropsCountedWhileTheAnalysisIsBehind_flagTheConnectionsWhoseFramesWereStillInTheRing() throws Exception {
        ring = new FrameRing(1 << 14, 1 << 22);
        // More than a step's worth of frames waits in the ring (the analysis is behind), then a
        // connection whose SYN-ACK the kernel dropped; the drop is counted before the analysis
        // reaches that SYN.
        SegmentScript busy = SegmentScript.between("127.0.0.1:40030", "127.0.0.1:8081")
                .client("S").server("SA").client("A");
        for (int i = 0; i < AnalysisLoop.FRAMES_PER_STEP; i++) {
            busy.client("PA", 10);
        }
        List<TcpSegment> behind = busy.segments();
        List<TcpSegment> lostItsAnswer = SegmentScript.between("127.0.0.1:40031", "127.0.0.1:8081")
                .at(0.05).client("S").segments();
        AnalysisLoop loop = loop();
        capture(behind);
        capture(lostItsAnswer);
        kernelDrops.set(1);
        clock.set(last(lostItsAnswer));
        loop.step();
        assertEquals(1, heard.drops.size(), "told at once, before the analysis caught up: " + heard.drops);
        runUntil(loop, last(lostItsAnswer) + 3 * ONE_SECOND + 500 * MILLI);
        LiveAlert alert = heard.alerts.stream().filter(a -> a.client().port() == 40031).findFirst().orElseThrow();
        assertTrue(alert.framesLost(), "its frames were in the ring when the drop was counted: " + alert);
        loop.finish();
        ConnectionReport report = heard.reports.stream().filter(r -> r.client().port() == 40031).findFirst().orElseThrow();
        assertTrue(report.annotations().stream().anyMatch(a -> a.code() == AnnotationCode.FRAMES_DROPPED),
                "the verdict says frames were lost: " + report.annotations());
    }

    /** A listener that hands each verdict to {@code heard} and notes why the session was asked to end. */
    private LiveListener hearingAndEndingInto(List<String> endedBecause) {
        return new LiveListener() {
            @Override
            public void connection(ConnectionReport report) {
                heard.connection(report);
            }

            @Override
            public void ended(String why) {
                endedBecause.add(why);
            }
        };
    }

    @Test
    void aFileThatCannotBeWritten_endsTheSessionButTheAnalysisGoesOnAndExplainsWhatItHolds(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("gone").resolve("x.pcap");
        java.nio.file.Files.createDirectories(out.getParent());
        PcapFiles files = PcapFiles.create(out, new FileRotation(FileRotation.MIN_BYTES, 0, 0), LinkType.EN10MB, true,
                262_144);
        List<String> endedBecause = new ArrayList<>();
        LiveListener listener = hearingAndEndingInto(endedBecause);
        FrameAnalysis analysis = new FrameAnalysis(1, AnalysisSettings.LIVE, listener::connection);
        AnalysisLoop loop = new AnalysisLoop(ring, analysis, LinkType.EN10MB, 9, files, clock,
                AnalysisLoop.BLOCK_DELIVERY_LAG_NANOS, AlertThresholds.DEFAULT, kernelDrops::get, listener, Long.MAX_VALUE);
        // A leak that is open when the file fails: its verdict must still come out.
        SegmentScript leak = SegmentScript.between("127.0.0.1:40040", "127.0.0.1:8081")
                .client("S").server("SA").client("A").client("FA").server("A");
        capture(leak.segments());
        clock.set(last(leak.segments()));
        loop.step();
        // The directory goes (removed by hand, the disk unmounted); the next rotation cannot open its file.
        try (var listing = java.nio.file.Files.list(out.getParent())) {
            for (Path p : listing.toList()) {
                java.nio.file.Files.delete(p);
            }
        }
        java.nio.file.Files.delete(out.getParent());
        SegmentScript more = SegmentScript.between("127.0.0.1:40041", "127.0.0.1:8081").client("S").server("SA")
                .client("A");
        for (int i = 0; i < 100; i++) {
            more.client("PA", 100);
        }
        capture(more.segments());
        clock.set(last(more.segments()));
        loop.step();
        assertEquals(1, endedBecause.size(), "the session is asked to end: " + endedBecause);
        assertTrue(endedBecause.get(0).startsWith("cannot write the capture file (") && endedBecause.get(0)
                .endsWith(": no such directory)"), endedBecause.get(0));
        assertNotNull(loop.fileFailure());
        loop.finish();
        assertEquals(List.of(40040, 40041), heard.reports.stream().map(r -> r.client().port()).sorted().toList(),
                "both connections explained although the file failed");
    }

    @Test
    void frameLimit_stopsAnalysingAndSaysSo() throws Exception {
        List<String> ended = new ArrayList<>();
        LiveListener listener = hearingAndEndingInto(ended);
        FrameAnalysis analysis = new FrameAnalysis(1, AnalysisSettings.LIVE, listener::connection);
        AnalysisLoop loop = new AnalysisLoop(ring, analysis, LinkType.EN10MB, 9, null, clock, AnalysisLoop.BLOCK_DELIVERY_LAG_NANOS,
                AlertThresholds.DEFAULT, kernelDrops::get, listener, 3);
        capture(SegmentScript.between("10.0.0.1:40008", "10.0.0.2:8081")
                .client("S").server("SA").client("A").client("PA", 10).server("A").segments());
        loop.step();
        assertEquals(3, loop.frames());
        assertEquals(3, analysis.frames());
        assertEquals(List.of("captured the 3 frames asked for"), ended);
        assertFalse(ended.isEmpty());
        assertNotNull(analysis);
    }
}
