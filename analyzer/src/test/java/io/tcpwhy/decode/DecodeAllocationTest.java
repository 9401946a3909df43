package io.tcpwhy.decode;

import static io.tcpwhy.decode.Frames.concat;
import static io.tcpwhy.decode.Frames.ethernetHeader;
import static io.tcpwhy.decode.Frames.ipv4;
import static io.tcpwhy.decode.Frames.ipv6;
import static io.tcpwhy.decode.Frames.put16;
import static io.tcpwhy.decode.Frames.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.decode.DecodeResult.Skip;
import io.tcpwhy.pcap.LinkType;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Counts bytes allocated by the decoding thread (HotSpot's per-thread counter): skipped
 * frames must cost nothing, TCP frames only the segment and what it holds. A count, not a
 * timing, so the result does not depend on the machine's load.
 */
class DecodeAllocationTest {

    private static final int ROUNDS = 20_000;
    /** The segment, two endpoints, two addresses; about 240 bytes even without compressed oops. */
    private static final long MAX_BYTES_PER_SEGMENT = 320;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final PacketDecoder decoder = new PacketDecoder();

    @Test
    void skippedFramesAllocateNothing() {
        byte[] fragment = ipv4(tcp(new byte[100]));
        put16(fragment, 6, 0x2000); // IPv4 MF set
        byte[] udp = ipv6(tcp());
        udp[6] = 17; // IPv6 next header UDP
        byte[] malformed = ipv4(tcp());
        malformed[32] = 0x40; // TCP data offset 4
        // A tunnel header that does not check out costs nothing either (the Tunnel is made after the check).
        byte[] notVxlan = TunnelWrap.VXLAN.wrap(ipv4(tcp()));
        notVxlan[42] = 0; // Ethernet 14 + IPv4 20 + UDP 8: VXLAN flags
        byte[] greRouted = TunnelWrap.GRE_KEY_SEQUENCE.wrap(ipv4(tcp()));
        greRouted[34] |= 0x40; // Ethernet 14 + IPv4 20: GRE R flag
        byte[][] frames = {
            ethernetHeader(0x0806, new byte[28]),                       // ARP
            ethernetHeader(0x8100, new byte[] {0, 5, 0x08, 0x00}, fragment),
            ethernetHeader(0x86DD, udp),
            malformed,
            concat(new byte[] {2, 0, 0, 0}, new byte[30]),             // NULL, IPv4 cut short
            TunnelWrap.udpOverIpv4(53, 40000, new byte[40]),            // DNS: UDP, no tunnel port
            notVxlan,                                                   // port 4789, I flag clear
            greRouted,                                                  // GRE with routing: not followed
        };
        int[] linkTypes = {LinkType.EN10MB, LinkType.EN10MB, LinkType.EN10MB, LinkType.RAW, LinkType.NULL,
            LinkType.EN10MB, LinkType.EN10MB, LinkType.EN10MB};
        ByteBuffer[] buffers = new ByteBuffer[frames.length];
        for (int i = 0; i < frames.length; i++) {
            buffers[i] = ByteBuffer.wrap(frames[i]);
        }

        decodeAll(linkTypes, buffers, ROUNDS); // let the JIT settle first
        long before = threads.getCurrentThreadAllocatedBytes();
        int skips = decodeAll(linkTypes, buffers, ROUNDS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(ROUNDS * frames.length, skips);
        assertTrue(allocated < 1024, allocated + " bytes for " + skips + " skipped frames (expected none)");
    }

    @Test
    void tcpSegmentWithoutOptionsAllocatesOnlyTheSegmentAndItsParts() {
        ByteBuffer frame = ByteBuffer.wrap(ethernetHeader(0x0800, ipv4(tcp(new byte[500]))));
        Object[] keep = new Object[1];
        for (int i = 0; i < ROUNDS; i++) {
            keep[0] = decoder.decode(i, 0, LinkType.EN10MB, frame, 0, frame.capacity());
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ROUNDS; i++) {
            keep[0] = decoder.decode(i, 0, LinkType.EN10MB, frame, 0, frame.capacity());
        }
        long perSegment = (threads.getCurrentThreadAllocatedBytes() - before) / ROUNDS;

        assertInstanceOf(TcpSegment.class, keep[0]);
        assertTrue(perSegment <= MAX_BYTES_PER_SEGMENT,
                perSegment + " bytes per segment (expected at most " + MAX_BYTES_PER_SEGMENT + ")");
    }

    private int decodeAll(int[] linkTypes, ByteBuffer[] buffers, int rounds) {
        int skips = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < buffers.length; i++) {
                if (decoder.decode(r, 0, linkTypes[i], buffers[i], 0, buffers[i].capacity()) instanceof Skip) {
                    skips++;
                }
            }
        }
        return skips;
    }
}
