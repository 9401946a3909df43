package io.tcpwhy.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.Side;
import io.tcpwhy.pcap.CaptureReader;
import io.tcpwhy.pcap.PcapWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample rewritten frame by frame (a frame dropped, repeated or cut short) stands for the
 * captures tickets bring: no handshake, retransmissions, a small snap length.
 */
class EditedCaptureTest {

    @TempDir
    Path dir;

    /** What to do with one frame of the sample. */
    private enum Edit {
        KEEP, DROP, TWICE, CUT_PAYLOAD
    }

    @FunctionalInterface
    private interface Editor {
        Edit edit(TcpSegment s);
    }

    private Path rewrite(String sample, Editor editor) throws Exception {
        Path out = dir.resolve(sample + "-edited.pcap");
        PacketDecoder decoder = new PacketDecoder();
        try (CaptureReader in = CaptureReader.open(Samples.pcap(sample));
             PcapWriter w = PcapWriter.create(out, 1, true)) {
            while (in.next()) {
                ByteBuffer buf = in.buffer();
                byte[] frame = new byte[in.capturedLength()];
                buf.get(in.dataOffset(), frame);
                DecodeResult r = decoder.decode(in.frameNumber(), in.timestampNanos(), in.linkType(), buf,
                        in.dataOffset(), in.capturedLength());
                Edit e = r instanceof TcpSegment s ? editor.edit(s) : Edit.KEEP;
                switch (e) {
                    case KEEP -> w.write(in.timestampNanos(), frame, 0, frame.length, frame.length);
                    case DROP -> { }
                    case TWICE -> {
                        w.write(in.timestampNanos(), frame, 0, frame.length, frame.length);
                        w.write(in.timestampNanos() + 200_000_000L, frame, 0, frame.length, frame.length);
                    }
                    case CUT_PAYLOAD -> w.write(in.timestampNanos(), frame, 0, frame.length - 3, frame.length);
                }
            }
        }
        return out;
    }

    @Test
    void aRetransmittedRequestIsSentOnce() throws Exception {
        Path edited = rewrite("orderly_close", s -> s.payloadLength() == 12 ? Edit.TWICE : Edit.KEEP);
        Recording r = RecordingReader.read(edited, RecordingReader.Selection.of(null, null, null));
        Script script = ScriptBuilder.build(r, Side.CLIENT, "edited");
        List<Step> sends = script.steps().stream().filter(s -> s.kind() == Step.Kind.SEND).toList();
        assertEquals(1, sends.size(), script.describe());
        assertArrayEquals("GET /status\n".getBytes(), sends.get(0).data());
    }

    @Test
    void withoutTheHandshakeTheRolesMustBeGiven() throws Exception {
        Path edited = rewrite("orderly_close", s -> s.syn() ? Edit.DROP : Edit.KEEP);
        ReplayException e = assertThrows(ReplayException.class,
                () -> RecordingReader.read(edited, RecordingReader.Selection.of(null, null, null)));
        assertTrue(e.getMessage().endsWith("starts without its handshake, so who connected is unknown (give the"
                + " client with --client IP:PORT)"), e.getMessage());

        Recording original = RecordingReader.read(Samples.pcap("orderly_close"),
                RecordingReader.Selection.of(null, null, null));
        Recording named = RecordingReader.read(edited, RecordingReader.Selection.of(null, null, original.client()));
        assertEquals(original.client(), named.client());
        assertArrayEquals(original.payload(Side.CLIENT), named.payload(Side.CLIENT));
        assertArrayEquals(original.payload(Side.SERVER), named.payload(Side.SERVER));
    }

    @Test
    void payloadCutByTheSnapLengthIsRefusedNotGuessed() throws Exception {
        Path edited = rewrite("orderly_close", s -> s.payloadLength() == 7 ? Edit.CUT_PAYLOAD : Edit.KEEP);
        ReplayException e = assertThrows(ReplayException.class,
                () -> RecordingReader.read(edited, RecordingReader.Selection.of(null, null, null)));
        assertTrue(e.getMessage().contains("holds 4 of its 7 payload bytes (expected all of them: capture with a"
                + " larger snap length, e.g. tcpdump -s 0)"), e.getMessage());
    }
}
