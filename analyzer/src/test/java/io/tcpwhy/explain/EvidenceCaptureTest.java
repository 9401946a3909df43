package io.tcpwhy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.net.ConnectionKey;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.pcap.CaptureReader;
import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.pcap.PcapWriter;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.testing.SegmentScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceCaptureTest {

    private static final String OTHER_CLIENT = "10.0.0.9:56796";

    @TempDir
    Path dir;

    /** Connection A (the fixture's endpoints) and B, their segments alternating frame by frame. */
    private Path interleaved() throws IOException {
        List<TcpSegment> a = SegmentScript.between(Fixtures.CLIENT, Fixtures.SERVER)
                .client("S").server("SA").client("A").at(0.5).client("PA", 14).at(1).client("RA").segments();
        List<TcpSegment> b = SegmentScript.between(OTHER_CLIENT, Fixtures.SERVER)
                .at(0.1).client("S").server("SA").client("A").at(2).client("FA").server("FA").client("A").segments();
        List<TcpSegment> all = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                all.add(a.get(i));
            }
            if (i < b.size()) {
                all.add(b.get(i));
            }
        }
        return SegmentPcap.write(dir.resolve("both.pcap"), all);
    }

    /** The fixture report of A, with the frame range A has in {@link #interleaved()}: frames 1 to 9. */
    private static ConnectionReport reportOfA() {
        ConnectionReport r = Fixtures.of(DiagnosisCode.RST_ABORT);
        return new ConnectionReport(r.id(), r.client(), r.server(), false, 1, 9, r.startNanos(), r.endNanos(),
                r.timestampDigits(), r.clientBytes(), r.serverBytes(), r.zeek(), r.zeekRecords(), r.clientState(), r.serverState(),
                r.timeline(), r.diagnosis(), r.annotations(), r.outcomes(), r.segments());
    }

    @Test
    void writesOnlyTheConnectionsFramesWithTheirTimes() throws Exception {
        Path out = dir.resolve("evidence.pcap");
        EvidenceCapture.Written w = EvidenceCapture.write(interleaved(), reportOfA(), out);
        assertEquals(new EvidenceCapture.Written(5, 0, ""), w);
        ConnectionKey a = ConnectionKey.of(Endpoint.parse(Fixtures.CLIENT), Endpoint.parse(Fixtures.SERVER));
        List<String> flags = new ArrayList<>();
        long lastTime = 0;
        try (CaptureReader in = CaptureReader.open(out)) {
            PacketDecoder decoder = new PacketDecoder();
            while (in.next()) {
                DecodeResult d = decoder.decode(in.frameNumber(), in.timestampNanos(), in.linkType(), in.buffer(),
                        in.dataOffset(), in.capturedLength());
                TcpSegment s = (TcpSegment) d;
                assertEquals(a, ConnectionKey.of(s.src(), s.dst()));
                flags.add(s.flagString());
                lastTime = in.timestampNanos();
            }
        }
        assertEquals(List.of("S", "S.", ".", "P.", "R."), flags);
        assertEquals(1_700_000_001_000_000_000L, lastTime, "the RST keeps its capture time");
    }

    @Test
    void tcpdumpReadsTheEvidenceFile() throws Exception {
        Path out = dir.resolve("evidence.pcap");
        EvidenceCapture.write(interleaved(), reportOfA(), out);
        Process p;
        try {
            p = new ProcessBuilder("tcpdump", "-nn", "-r", out.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("tcpdump is not installed: " + e.getMessage());
            return;
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), text);
        assertEquals(5, text.lines().filter(l -> l.contains("10.0.0.9.56795 > 10.0.0.5.20003")
                || l.contains("10.0.0.5.20003 > 10.0.0.9.56795")).count(), text);
        assertTrue(text.contains("Flags [R.]"), text);
    }

    @Test
    void captureWithoutTheConnectionIsAnErrorNamingIt() throws Exception {
        Path pcap = SegmentPcap.write(dir.resolve("other.pcap"),
                SegmentScript.between(OTHER_CLIENT, Fixtures.SERVER).client("S").server("SA").segments());
        IOException x = assertThrows(IOException.class,
                () -> EvidenceCapture.write(pcap, reportOfA(), dir.resolve("e.pcap")));
        assertTrue(x.getMessage().contains("no frame of connection 10.0.0.5:20003-10.0.0.9:56795 between frames 1 and 9"),
                x.getMessage());
    }

    @Test
    void aFrameAboveTheSnapLengthIsCutAndTheChangeIsSaid() throws Exception {
        List<TcpSegment> a = SegmentScript.between(Fixtures.CLIENT, Fixtures.SERVER)
                .client("S").server("SA").client("A").at(0.5).client("PA", 14).at(1).client("RA").segments();
        Path pcap = dir.resolve("giant.pcap");
        int giant = PcapWriter.DEFAULT_SNAPLEN + 1000;
        try (PcapWriter w = PcapWriter.create(pcap, LinkType.EN10MB, false, 1 << 20)) {
            for (int i = 0; i < a.size(); i++) {
                byte[] frame = SegmentPcap.frame(a.get(i));
                // Frame 4 carries an Ethernet trailer that takes it past libpcap's snap length.
                byte[] written = i == 3 ? Arrays.copyOf(frame, giant) : frame;
                w.write(a.get(i).timeNanos(), written, 0, written.length, written.length);
            }
        }
        ConnectionReport r = Fixtures.of(DiagnosisCode.RST_ABORT);
        ConnectionReport report = new ConnectionReport(r.id(), r.client(), r.server(), false, 1, 5, r.startNanos(),
                r.endNanos(), r.timestampDigits(), r.clientBytes(), r.serverBytes(), r.zeek(), r.zeekRecords(),
                r.clientState(), r.serverState(), r.timeline(), r.diagnosis(), r.annotations(), r.outcomes(), r.segments());
        Path out = dir.resolve("evidence.pcap");
        EvidenceCapture.Written w = EvidenceCapture.write(pcap, report, out);
        assertEquals(new EvidenceCapture.Written(5, 0, "1 frame cut to the snap length 262144 (original lengths kept)"), w);
        try (CaptureReader in = CaptureReader.open(out)) {
            for (int i = 1; i <= 4; i++) {
                assertTrue(in.next());
            }
            assertEquals(PcapWriter.DEFAULT_SNAPLEN, in.capturedLength());
            assertEquals(giant, in.originalLength());
        }
    }
}
