package io.tcpwhy.testing;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.pcap.PcapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes scripted segments ({@link SegmentScript}) as a classic pcap of
 * Ethernet + IPv4 + TCP frames with correct checksums and zero-filled payloads, so the
 * real pipeline can read a conversation a test wrote. IPv4 endpoints only.
 */
public final class SegmentPcap {

    private static final int ETHERNET_HEADER = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int IPV4_HEADER = 20; // RFC 791, no options
    private static final int IPV4_CHECKSUM_AT = 10;
    private static final int TCP_HEADER = 20; // RFC 9293 §3.1, no options
    private static final int TCP_CHECKSUM_AT = 16;
    private static final int PROTO_TCP = 6;
    private static final int DONT_FRAGMENT = 0x4000;

    private SegmentPcap() {
    }

    public static Path write(Path file, List<TcpSegment> segments) throws IOException {
        try (PcapWriter w = PcapWriter.create(file, LinkType.EN10MB, false)) {
            for (TcpSegment s : segments) {
                byte[] frame = frame(s);
                w.write(s.timeNanos(), frame, 0, frame.length, frame.length);
            }
        }
        return file;
    }

    /** Ethernet II + IPv4 + TCP for one segment. */
    public static byte[] frame(TcpSegment s) {
        if (s.src().address().v6()) {
            throw new IllegalArgumentException("SegmentPcap writes IPv4 only, got " + s.src());
        }
        int ipLength = IPV4_HEADER + TCP_HEADER + s.payloadLength();
        ByteBuffer b = ByteBuffer.allocate(ETHERNET_HEADER + ipLength);
        b.put(new byte[] {0, 0, 0, 0, 0, 2}).put(new byte[] {0, 0, 0, 0, 0, 1}).putShort((short) ETHERTYPE_IPV4);
        int ip = b.position();
        int ipId = s.ipId() == TcpSegment.NO_IP_ID ? 0 : s.ipId();
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) ipId)
                .putShort((short) DONT_FRAGMENT).put((byte) s.ttl()).put((byte) PROTO_TCP).putShort((short) 0)
                .put(s.src().address().toBytes()).put(s.dst().address().toBytes());
        b.putShort(ip + IPV4_CHECKSUM_AT, (short) checksum(b.array(), ip, IPV4_HEADER, 0));
        int tcp = b.position();
        b.putShort((short) s.src().port()).putShort((short) s.dst().port()).putInt((int) s.seq())
                .putInt((int) s.ack()).put((byte) ((TCP_HEADER / 4) << 4)).put((byte) s.flags())
                .putShort((short) s.window()).putShort((short) 0).putShort((short) 0);
        b.put(new byte[s.payloadLength()]);
        byte[] src = s.src().address().toBytes();
        byte[] dst = s.dst().address().toBytes();
        long pseudo = checksumSum(src, 0, src.length) + checksumSum(dst, 0, dst.length) + PROTO_TCP
                + TCP_HEADER + s.payloadLength();
        b.putShort(tcp + TCP_CHECKSUM_AT, (short) checksum(b.array(), tcp, TCP_HEADER + s.payloadLength(), pseudo));
        return b.array();
    }

    private static long checksumSum(byte[] data, int off, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += ((data[off + i] & 0xFF) << 8) | (i + 1 < len ? data[off + i + 1] & 0xFF : 0);
        }
        return sum;
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes at {@code off}, plus {@code initial}. */
    private static int checksum(byte[] data, int off, int len, long initial) {
        long sum = initial + checksumSum(data, off, len);
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
