package io.tcpwhy.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import java.nio.ByteBuffer;

/** The decoder on any frame of any link type: a result, never an exception, and a segment that fits its frame. */
class DecoderFuzzTest {

    private final PacketDecoder decoder = new PacketDecoder();

    @FuzzTest(maxDuration = "5m")
    void anyFrame(FuzzedDataProvider data) {
        int linkType = data.pickValue(new int[] {0, 1, 12, 101, 113, 228, 229, 276, data.consumeInt(0, 0xffff)});
        int offset = data.consumeInt(0, 64);
        byte[] frame = data.consumeRemainingAsBytes();
        ByteBuffer buffer = ByteBuffer.allocate(offset + frame.length);
        buffer.put(offset, frame);
        DecodeResult r = decoder.decode(1, 0, linkType, buffer, offset, frame.length);
        Properties.check(r != null, "a decode result");
        if (r instanceof TcpSegment s) {
            Properties.check(s.payloadLength() >= 0, "payload length non-negative");
            Properties.check(s.capturedPayload() >= 0 && s.capturedPayload() <= frame.length,
                    "captured payload " + s.capturedPayload() + " within the " + frame.length + "-byte frame");
        }
    }
}
