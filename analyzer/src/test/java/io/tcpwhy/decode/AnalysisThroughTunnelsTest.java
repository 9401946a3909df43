package io.tcpwhy.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.AnalysisSettings;
import io.tcpwhy.FrameAnalysis;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.pcap.CaptureReader;
import io.tcpwhy.pcap.LinkType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole analysis through a tunnel: every recorded sample, each IP packet wrapped in each
 * encapsulation that carries it, must give the very reports of the unwrapped sample (endpoints,
 * Zeek records, states, diagnosis, annotations, predicted outcomes, evidence).
 */
class AnalysisThroughTunnelsTest {

    @TestFactory
    Stream<DynamicTest> everySampleGivesTheSameReportsInsideEveryTunnel() throws IOException {
        List<Path> samples;
        // Surefire runs in the module folder; the samples are the repository's samples/.
        try (Stream<Path> listing = Files.list(Path.of("..", "samples"))) {
            samples = listing.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertFalse(samples.isEmpty(), "samples/*.pcap found");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path sample : samples) {
            for (TunnelWrap wrap : TunnelWrap.values()) {
                if (wrap != TunnelWrap.TEREDO) { // the samples are IPv4; Teredo carries IPv6 only
                    tests.add(DynamicTest.dynamicTest(sample.getFileName() + " in " + wrap, () -> {
                        List<ConnectionReport> plain = analyze(sample, null);
                        assertFalse(plain.isEmpty(), "connections in " + sample);
                        List<ConnectionReport> wrapped = analyze(sample, wrap);
                        for (ConnectionReport r : wrapped) {
                            assertEquals(wrap.type, r.tunnel() == null ? null : r.tunnel().type(),
                                    "the report names the tunnel it arrived in");
                        }
                        assertEquals(plain, wrapped.stream().map(AnalysisThroughTunnelsTest::untunneled).toList());
                    }));
                }
            }
        }
        return tests.stream();
    }

    /** The same report as if it had not arrived in a tunnel. */
    private static ConnectionReport untunneled(ConnectionReport r) {
        return new ConnectionReport(r.id(), r.client(), r.server(), r.rolesInferred(), r.firstFrame(), r.lastFrame(),
                r.startNanos(), r.endNanos(), r.timestampDigits(), r.clientBytes(), r.serverBytes(), r.zeek(),
                r.zeekRecords(), r.clientState(), r.serverState(), r.timeline(), r.diagnosis(), r.annotations(),
                r.outcomes(), r.segments());
    }

    /** Reports for the capture, its IP packets wrapped in {@code wrap} (null: as recorded). */
    private static List<ConnectionReport> analyze(Path capture, TunnelWrap wrap) throws IOException {
        List<ConnectionReport> reports = new ArrayList<>();
        FrameAnalysis analysis = new FrameAnalysis(1, AnalysisSettings.FILES, reports::add);
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next()) {
                ByteBuffer buf = reader.buffer();
                int offset = reader.dataOffset();
                int length = reader.capturedLength();
                if (wrap == null) {
                    analysis.frame(reader.frameNumber(), reader.timestampNanos(), reader.timestampDigits(),
                            reader.linkType(), buf, offset, length);
                    continue;
                }
                long located = LinkLayer.locate(reader.linkType(), buf, offset, offset + length);
                assertFalse(LinkLayer.isSkip(located), "frame " + reader.frameNumber() + " of a sample is IP");
                int ip = LinkLayer.ipOffset(located);
                byte[] packet = new byte[offset + length - ip];
                buf.get(ip, packet);
                byte[] frame = wrap.wrap(packet);
                analysis.frame(reader.frameNumber(), reader.timestampNanos(), reader.timestampDigits(), LinkType.EN10MB,
                        ByteBuffer.wrap(frame), 0, frame.length);
            }
        }
        analysis.finish();
        assertTrue(analysis.tcpFrames() > 0);
        reports.sort(Comparator.comparingInt(ConnectionReport::id));
        return reports;
    }
}
