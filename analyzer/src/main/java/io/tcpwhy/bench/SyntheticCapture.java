package io.tcpwhy.bench;

import static io.tcpwhy.decode.TcpSegment.ACK;
import static io.tcpwhy.decode.TcpSegment.FIN;
import static io.tcpwhy.decode.TcpSegment.PSH;
import static io.tcpwhy.decode.TcpSegment.SYN;

import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.pcap.PcapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Writes a synthetic Ethernet/IPv4 capture for benchmarks: {@code connections}
 * connections of {@value #FRAMES_PER_CONNECTION} frames each (handshake, a request, a
 * reply, an orderly close), with {@code concurrency} of them open at any time so that
 * the analyzer's memory is exercised by open connections, not by file size.
 */
public final class SyntheticCapture {

    /** SYN, SYN-ACK, ACK, request, ACK, reply, FIN, ACK, FIN, ACK. */
    public static final int FRAMES_PER_CONNECTION = 10;

    // IEEE 802.3 Ethernet II header: destination, source, EtherType.
    private static final int ETHERNET_HEADER = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    // RFC 791 §3.1: a 20-byte header without options.
    private static final int IPV4_HEADER = 20;
    private static final int IPV4_PROTOCOL_TCP = 6;
    private static final int IPV4_DEFAULT_TTL = 64;
    // RFC 9293 §3.1: a 20-byte header without options (data offset 5).
    private static final int TCP_HEADER = 20;
    private static final int REQUEST_BYTES = 120;
    private static final int REPLY_BYTES = 400;
    // 1 ms between frames: with the default concurrency about 100 connections start and
    // end each second, a busy server's pace, so Zeek's 5 s close delay holds a few hundred.
    private static final long FRAME_SPACING_NANOS = 1_000_000;
    private static final long START_NANOS = 1_700_000_000_000_000_000L;

    private final byte[] frame = new byte[ETHERNET_HEADER + IPV4_HEADER + TCP_HEADER + REPLY_BYTES];
    private final ByteBuffer out = ByteBuffer.wrap(frame);

    private SyntheticCapture() {
    }

    /**
     * Writes the capture and returns the number of frames written.
     *
     * @param connections how many connections, at least 1
     * @param concurrency how many are open at once, at least 1
     */
    public static long write(Path file, int connections, int concurrency) throws IOException {
        if (connections < 1 || concurrency < 1) {
            throw new IllegalArgumentException("connections " + connections + ", concurrency " + concurrency
                    + " (expected both at least 1)");
        }
        return new SyntheticCapture().writeAll(file, connections, Math.min(concurrency, connections));
    }

    private long writeAll(Path file, int connections, int concurrency) throws IOException {
        int[] conn = new int[concurrency]; // which connection each slot is playing
        int[] step = new int[concurrency]; // the next frame of that connection
        int started = 0;
        for (int s = 0; s < concurrency; s++) {
            conn[s] = started++;
        }
        long written = 0;
        int active = concurrency;
        try (PcapWriter w = PcapWriter.create(file, LinkType.EN10MB, false)) {
            while (active > 0) {
                for (int s = 0; s < concurrency; s++) {
                    if (conn[s] < 0) {
                        continue;
                    }
                    int len = frame(conn[s], step[s]);
                    w.write(START_NANOS + written * FRAME_SPACING_NANOS, frame, 0, len, len);
                    written++;
                    if (++step[s] == FRAMES_PER_CONNECTION) {
                        step[s] = 0;
                        if (started < connections) {
                            conn[s] = started++;
                        } else {
                            conn[s] = -1;
                            active--;
                        }
                    }
                }
            }
        }
        return written;
    }

    /** Fills {@link #frame} with frame {@code step} of connection {@code c}; returns its length. */
    private int frame(int c, int step) {
        // Client 10.x.y.z:port, server 192.0.2.1:80: every connection its own 4-tuple.
        int clientIp = 0x0A00_0000 | (c >>> 14);
        int clientPort = 1024 + (c & 0x3FFF);
        int serverIp = 0xC000_0201;
        long clientIsn = 1000L * c;
        long serverIsn = 7000L * c + 1;
        long cSeq = clientIsn + 1;
        long sSeq = serverIsn + 1;
        boolean fromClient;
        int flags;
        long seq;
        long ack;
        int payload = 0;
        switch (step) {
            case 0 -> { fromClient = true; flags = SYN; seq = clientIsn; ack = 0; }
            case 1 -> { fromClient = false; flags = SYN | ACK; seq = serverIsn; ack = cSeq; }
            case 2 -> { fromClient = true; flags = ACK; seq = cSeq; ack = sSeq; }
            case 3 -> { fromClient = true; flags = PSH | ACK; seq = cSeq; ack = sSeq; payload = REQUEST_BYTES; }
            case 4 -> { fromClient = false; flags = ACK; seq = sSeq; ack = cSeq + REQUEST_BYTES; }
            case 5 -> { fromClient = false; flags = PSH | ACK; seq = sSeq; ack = cSeq + REQUEST_BYTES; payload = REPLY_BYTES; }
            case 6 -> { fromClient = true; flags = FIN | ACK; seq = cSeq + REQUEST_BYTES; ack = sSeq + REPLY_BYTES; }
            case 7 -> { fromClient = false; flags = ACK; seq = sSeq + REPLY_BYTES; ack = cSeq + REQUEST_BYTES + 1; }
            case 8 -> { fromClient = false; flags = FIN | ACK; seq = sSeq + REPLY_BYTES; ack = cSeq + REQUEST_BYTES + 1; }
            default -> { fromClient = true; flags = ACK; seq = cSeq + REQUEST_BYTES + 1; ack = sSeq + REPLY_BYTES + 1; }
        }
        int ipLength = IPV4_HEADER + TCP_HEADER + payload;
        out.clear();
        // Ethernet: locally administered MACs, the last byte telling the sides apart.
        out.putInt(0x0200_0000).putShort((short) (fromClient ? 2 : 1));
        out.putInt(0x0200_0000).putShort((short) (fromClient ? 1 : 2));
        out.putShort((short) ETHERTYPE_IPV4);
        // IPv4: version 4, IHL 5; total length; id; DF; TTL; protocol; checksum left 0 (never verified).
        out.put((byte) 0x45).put((byte) 0).putShort((short) ipLength);
        out.putShort((short) step).putShort((short) 0x4000);
        out.put((byte) IPV4_DEFAULT_TTL).put((byte) IPV4_PROTOCOL_TCP).putShort((short) 0);
        out.putInt(fromClient ? clientIp : serverIp).putInt(fromClient ? serverIp : clientIp);
        // TCP: ports, seq, ack, data offset 5, flags, window, checksum 0, urgent 0.
        out.putShort((short) (fromClient ? clientPort : 80)).putShort((short) (fromClient ? 80 : clientPort));
        out.putInt((int) seq).putInt((int) ack);
        out.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535);
        out.putShort((short) 0).putShort((short) 0);
        for (int i = 0; i < payload; i++) {
            out.put((byte) 'x');
        }
        return out.position();
    }
}
