package io.tcpwhy.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A classic little-endian pcap (LINKTYPE_ETHERNET, microseconds) of IPv4 TCP segments
 * between 10.0.0.1 and 10.0.0.2, built byte by byte for command-line tests. Checksums
 * are left zero: tcpwhy does not verify them.
 */
final class PcapBytes {

    static final int FLAG_FIN = 0x01;
    static final int FLAG_SYN = 0x02;
    static final int FLAG_RST = 0x04;
    static final int FLAG_ACK = 0x10;

    private static final int ETHERNET_HEADER = 14;
    private static final int IPV4_HEADER = 20;
    private static final int TCP_HEADER = 20;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long micros = 1_700_000_000_000_000L;

    PcapBytes() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4); // magic: microsecond timestamps, written in this byte order
        h.putShort((short) 2).putShort((short) 4); // version 2.4
        h.putInt(0).putInt(0); // thiszone, sigfigs
        h.putInt(65535); // snaplen
        h.putInt(1); // LINKTYPE_ETHERNET
        out.writeBytes(h.array());
    }

    /** A segment from the client (10.0.0.1:40000) or the server (10.0.0.2:80), 1 ms after the last. */
    PcapBytes segment(boolean fromClient, long seq, long ack, int flags, int payload) {
        int len = ETHERNET_HEADER + IPV4_HEADER + TCP_HEADER + payload;
        ByteBuffer f = ByteBuffer.allocate(16 + len).order(ByteOrder.LITTLE_ENDIAN);
        micros += 1000;
        f.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(len).putInt(len);
        f.order(ByteOrder.BIG_ENDIAN);
        f.put(new byte[12]).putShort((short) 0x0800); // MACs zero, EtherType IPv4
        f.put((byte) 0x45).put((byte) 0).putShort((short) (IPV4_HEADER + TCP_HEADER + payload)); // v4, IHL 5, total length
        f.putShort((short) 0).putShort((short) 0x4000); // id, DF
        f.put((byte) 64).put((byte) 6).putShort((short) 0); // TTL, TCP, checksum
        int client = 0x0a000001;
        int server = 0x0a000002;
        f.putInt(fromClient ? client : server).putInt(fromClient ? server : client);
        f.putShort((short) (fromClient ? 40000 : 80)).putShort((short) (fromClient ? 80 : 40000));
        f.putInt((int) seq).putInt((int) ack);
        f.put((byte) 0x50).put((byte) flags).putShort((short) 65535); // data offset 5, flags, window
        f.putShort((short) 0).putShort((short) 0); // checksum, urgent pointer
        out.writeBytes(f.array());
        return this;
    }

    /** A client that connects, sends nothing and closes; the server closes too. */
    static byte[] orderly() {
        return new PcapBytes()
                .segment(true, 1000, 0, FLAG_SYN, 0)
                .segment(false, 5000, 1001, FLAG_SYN | FLAG_ACK, 0)
                .segment(true, 1001, 5001, FLAG_ACK, 0)
                .segment(true, 1001, 5001, FLAG_FIN | FLAG_ACK, 0)
                .segment(false, 5001, 1002, FLAG_FIN | FLAG_ACK, 0)
                .segment(true, 1002, 5002, FLAG_ACK, 0)
                .bytes();
    }

    /** A SYN answered by RST: nothing listening. */
    static byte[] refused() {
        return new PcapBytes()
                .segment(true, 1000, 0, FLAG_SYN, 0)
                .segment(false, 0, 1001, FLAG_RST | FLAG_ACK, 0)
                .bytes();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
