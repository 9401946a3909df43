package io.tcpwhy.explain;

import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.net.ConnectionKey;
import io.tcpwhy.report.FrameComments;
import io.tcpwhy.pcap.AnnotatedCapture;
import io.tcpwhy.pcap.CaptureReader;
import io.tcpwhy.pcap.PcapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Copies one connection's frames out of a capture into a small pcap to attach to a ticket:
 * the frames in the report's frame range whose 4-tuple is the connection's, unchanged,
 * with their timestamps at the capture's precision, except where pcap cannot hold them
 * (see {@link PcapWriter}): {@link Written#changes()} says what was changed.
 */
public final class EvidenceCapture {

    /**
     * @param frames              frames written
     * @param otherLinkTypeFrames the connection's frames left out because they came from an
     *                            interface of another link type than the first (a pcap has one)
     * @param changes             what the pcap writer changed to fit the format: "" when nothing,
     *                            else e.g. "1 frame cut to the snap length 262144 (original lengths kept)"
     */
    public record Written(long frames, long otherLinkTypeFrames, String changes) {
    }

    private EvidenceCapture() {
    }

    /**
     * Re-reads {@code capture} and writes the frames of {@code report}'s connection to {@code
     * out} as pcapng, with the report's findings as packet comments on the frames they cite
     * (see {@link FrameComments}); every other block of a pcapng capture is kept.
     */
    public static Written writeAnnotated(Path capture, ConnectionReport report, Path out) throws IOException {
        ConnectionKey key = ConnectionKey.of(report.client(), report.server());
        PacketDecoder decoder = new PacketDecoder();
        FrameComments comments = new FrameComments(true);
        comments.add(report);
        AnnotatedCapture.Result r = AnnotatedCapture.write(capture, out, (frame, linkType, buf, offset, length) -> {
            if (frame < report.firstFrame() || frame > report.lastFrame()) {
                return null;
            }
            DecodeResult d = decoder.decode(frame, 0, linkType, buf, offset, length);
            return d instanceof TcpSegment s && key.equals(ConnectionKey.of(s.src(), s.dst())) ? comments.on(frame) : null;
        }, report.lastFrame());
        if (r.damage() != null) {
            throw r.damage();
        }
        if (r.frames() == 0) {
            throw noFrame(capture, report, key);
        }
        return new Written(r.frames(), 0, r.uncommentableFrames() > 0 ? r.uncommentableFrames()
                + " commented frames are Simple Packet Blocks, which cannot carry comments" : "");
    }

    private static IOException noFrame(Path capture, ConnectionReport report, ConnectionKey key) {
        return new IOException(capture + ": no frame of connection " + key + " between frames "
                + report.firstFrame() + " and " + report.lastFrame() + " (expected at least one; is it the"
                + " capture the report came from?)");
    }

    /** Re-reads {@code capture} and writes the frames of {@code report}'s connection to {@code out}. */
    public static Written write(Path capture, ConnectionReport report, Path out) throws IOException {
        ConnectionKey key = ConnectionKey.of(report.client(), report.server());
        PacketDecoder decoder = new PacketDecoder();
        long written = 0;
        long otherLink = 0;
        String changes = "";
        PcapWriter writer = null;
        int linkType = -1;
        byte[] copy = new byte[0];
        try (CaptureReader in = CaptureReader.open(capture)) {
            // Frame number first: damage right after the last frame is not this file's concern.
            while (in.frameNumber() < report.lastFrame() && in.next()) {
                if (in.frameNumber() < report.firstFrame()) {
                    continue;
                }
                ByteBuffer buf = in.buffer();
                DecodeResult d = decoder.decode(in.frameNumber(), in.timestampNanos(), in.linkType(), buf,
                        in.dataOffset(), in.capturedLength());
                if (!(d instanceof TcpSegment s) || !key.equals(ConnectionKey.of(s.src(), s.dst()))) {
                    continue;
                }
                if (writer == null) {
                    linkType = in.linkType();
                    writer = PcapWriter.create(out, linkType, in.timestampDigits() > 6);
                } else if (in.linkType() != linkType) {
                    otherLink++;
                    continue;
                }
                int length = in.capturedLength();
                if (copy.length < length) {
                    copy = new byte[length];
                }
                buf.get(in.dataOffset(), copy, 0, length);
                writer.write(in.timestampNanos(), copy, 0, length, in.originalLength());
                written++;
            }
        } finally {
            if (writer != null) {
                changes = writer.changes().describe(writer.snapLength());
                writer.close();
            }
        }
        if (writer == null) {
            throw noFrame(capture, report, key);
        }
        return new Written(written, otherLink, changes);
    }
}
