package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private long now;
    private final StringWriter err = new StringWriter();
    private final ProgressLine line = new ProgressLine(new PrintWriter(new StringWriter()), new PrintWriter(err), () -> now);

    @Test
    void shortFilesDrawNothing() {
        line.start("a.pcap");
        now = ProgressLine.FIRST_DRAW_AFTER_NANOS - 1;
        line.progress(50, 100, 1000);
        line.clear();
        assertEquals("", err.toString());
    }

    @Test
    void longFilesShowPercentFramesAndRate() {
        line.start("big.pcap");
        now = 2_000_000_000L;
        line.progress(42, 100, 500_000);
        assertEquals("\rtcpwhy: big.pcap 42% 500000 frames 250000 frames/s", err.toString());
    }

    @Test
    void redrawsAreThrottledAndTheLineIsErasedAtTheEnd() {
        line.start("big.pcap");
        now = 2_000_000_000L;
        line.progress(10, 100, 2000);
        String first = err.toString();
        now += ProgressLine.REDRAW_EVERY_NANOS - 1;
        line.progress(20, 100, 4000);
        assertEquals(first, err.toString(), "no redraw within the throttle interval");
        line.clear();
        int width = first.length() - 1;
        assertTrue(err.toString().endsWith("\r" + " ".repeat(width) + "\r"), err.toString());
    }

    @Test
    void unknownSizeShowsNoPercent() {
        line.start("in.pcap.gz");
        now = 1_000_000_000L;
        line.progress(10, -1, 100);
        assertEquals("\rtcpwhy: in.pcap.gz 100 frames 100 frames/s", err.toString());
    }
}
