package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tcpwhy.Analyzer;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.testing.SegmentScript;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-over between worker threads and the writer: order, ids, failures, and no hang when the writer stops. */
@Tag("pipeline")
class ParallelInputsTest {

    @TempDir
    Path dir;

    /** A capture of {@code n} refused connections from distinct client ports. */
    private ParallelInputs.Input refused(String name, int n) throws Exception {
        List<io.tcpwhy.decode.TcpSegment> segments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            segments.addAll(SegmentScript.between("10.0.0.1:" + (40000 + i), "10.0.0.2:80")
                    .client("S").rawServer("RA", 0, 1001, 0).segments());
        }
        Path file = SegmentPcap.write(dir.resolve(name), segments);
        return new ParallelInputs.Input(file.toString(), file);
    }

    private static class Recorder implements ParallelInputs.Listener {
        final List<String> events = new ArrayList<>();
        final List<Integer> ids = new ArrayList<>();

        @Override
        public void start(ParallelInputs.Input input) {
            events.add("start " + Path.of(input.name()).getFileName());
        }

        @Override
        public void connection(ConnectionReport report) {
            ids.add(report.id());
        }

        @Override
        public void end(ParallelInputs.Input input, InputReport report, IOException failure) {
            events.add("end " + Path.of(input.name()).getFileName() + (failure == null ? "" : " failed"));
        }
    }

    @Test
    void inputsComeInOrderWithIdsContinuingAndBadInputsInPlace() throws Exception {
        List<ParallelInputs.Input> inputs = List.of(refused("a.pcap", 300), new ParallelInputs.Input(
                dir.resolve("missing.pcap").toString(), dir.resolve("missing.pcap")), refused("c.pcap", 5));
        Recorder r = new Recorder();
        try (ParallelInputs p = new ParallelInputs(new Analyzer(), c -> true, new ByteArrayInputStream(new byte[0]), 2)) {
            p.run(inputs, r, null);
        }
        assertEquals(List.of("start a.pcap", "end a.pcap", "start missing.pcap", "end missing.pcap failed",
                "start c.pcap", "end c.pcap"), r.events);
        assertEquals(305, r.ids.size());
        assertEquals(List.of(301, 302, 303, 304, 305), r.ids.subList(300, 305).stream().sorted().toList());
    }

    @Test
    void aBugInAWorkerReachesTheWriterAsItself() throws Exception {
        IllegalStateException bug = new IllegalStateException("bug");
        List<ParallelInputs.Input> inputs = List.of(refused("a.pcap", 3));
        try (ParallelInputs p = new ParallelInputs(new Analyzer(), c -> {
            throw bug;
        }, new ByteArrayInputStream(new byte[0]), 2)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> p.run(inputs, new Recorder(), null));
            assertSame(bug, thrown);
        }
    }

    @Test
    void aWriterThatStopsLeavesNoWorkerWaiting() throws Exception {
        List<ParallelInputs.Input> inputs = List.of(refused("a.pcap", 3000), refused("b.pcap", 3000));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ParallelInputs p = new ParallelInputs(new Analyzer(), c -> true, new ByteArrayInputStream(new byte[0]),
                    2)) {
                assertThrows(IllegalStateException.class, () -> p.run(inputs, new Recorder() {
                    @Override
                    public void connection(ConnectionReport report) {
                        throw new IllegalStateException("output closed");
                    }
                }, null));
            }
        });
    }

    @Test
    void aWorkerWaitingToHandOverItsEndLeavesQuietlyWhenTheWriterStops() throws Exception {
        // b fills its queue exactly (16 batches of 128), so its end waits for room when the writer stops.
        List<ParallelInputs.Input> inputs = List.of(refused("a.pcap", 3000),
                refused("b.pcap", ParallelInputs.QUEUE_BATCHES * ParallelInputs.BATCH));
        List<Throwable> uncaught = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            try (ParallelInputs p = new ParallelInputs(new Analyzer(), c -> true, new ByteArrayInputStream(new byte[0]),
                    2)) {
                assertThrows(IllegalStateException.class, () -> p.run(inputs, new Recorder() {
                    @Override
                    public void end(ParallelInputs.Input input, InputReport report, IOException failure) {
                        throw new IllegalStateException("output closed after " + input.name());
                    }
                }, null));
            }
            // The workers are daemons of this JVM: wait (bounded) until none is left.
            for (int i = 0; i < 100 && Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("tcpwhy-analyze") && t.isAlive()); i++) {
                Thread.sleep(100);
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertEquals(List.of(), uncaught, "a worker's end reached nobody and said so on stderr");
    }
}
