package io.tcpwhy.decode;

import java.nio.ByteBuffer;

/**
 * Where a decoded segment's payload lies in its frame, for tools that need the bytes
 * themselves (replay rebuilds each direction's stream from them). The analysis never
 * reads payload; this keeps that knowledge in the decoding layer.
 */
public final class PayloadLocator {

    /** Returned when the frame's link layer holds no IP packet tcpwhy can place. */
    public static final int NOT_FOUND = -1;

    private PayloadLocator() {
    }

    /**
     * The offset in {@code buf} of {@code segment}'s first payload byte, the segment having
     * been decoded by {@link PacketDecoder} from the frame at {@code buf[offset, offset +
     * capturedLength)}. The payload ends {@code segment.payloadLength()} bytes further, of
     * which {@code segment.capturedPayload()} are in the frame; the IP length, not the frame
     * length, places it, so Ethernet padding is never taken for payload.
     */
    public static int payloadOffset(int linkType, ByteBuffer buf, int offset, int capturedLength, TcpSegment segment) {
        long located = LinkLayer.locate(linkType, buf, offset, offset + capturedLength);
        if (LinkLayer.isSkip(located)) {
            return NOT_FOUND;
        }
        return LinkLayer.ipOffset(located) + segment.ipLength() - segment.payloadLength();
    }
}
