package io.tcpwhy.bench;

import static io.tcpwhy.decode.TcpSegment.ACK;

import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.pcap.PcapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a synthetic Ethernet/IPv4 capture for benchmarks: {@code connections}
 * connections, each ending in one of the given {@link CloseStyle}s in turn (by default
 * all orderly, {@value #FRAMES_PER_CONNECTION} frames each), with {@code concurrency} of
 * them open at any time so that the analyzer's memory is exercised by open connections,
 * not by file size.
 */
public final class SyntheticCapture {

    /** Frames of an orderly connection: SYN, SYN-ACK, ACK, request, ACK, reply, FIN, ACK, FIN, ACK. */
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
    private static final int REPLY_BYTES = CloseStyle.Step.REPLY;
    // 1 ms between frames: with the default concurrency about 100 connections start and
    // end each second, a busy server's pace, so Zeek's 5 s close delay holds a few hundred.
    private static final long FRAME_SPACING_NANOS = 1_000_000;
    // The slots take turns, so a connection's next frame comes a whole round later: at most
    // this long. With 5,000 open at 1 ms a frame it was 5 s, as long as Zeek's close delay, and
    // each last ACK came exactly as the closed connection was let go: a report of its own.
    private static final long MAX_ROUND_NANOS = 1_000_000_000;
    private static final long START_NANOS = 1_700_000_000_000_000_000L;

    private final byte[] frame = new byte[ETHERNET_HEADER + IPV4_HEADER + TCP_HEADER + REPLY_BYTES];
    private final ByteBuffer out = ByteBuffer.wrap(frame);
    private final List<CloseStyle> styles;

    private SyntheticCapture(List<CloseStyle> styles) {
        this.styles = List.copyOf(styles);
    }

    /**
     * Writes the capture and returns the number of frames written.
     *
     * @param connections how many connections, at least 1
     * @param concurrency how many are open at once, at least 1
     */
    public static long write(Path file, int connections, int concurrency) throws IOException {
        return write(file, connections, concurrency, List.of(CloseStyle.ORDERLY));
    }

    /**
     * As {@link #write(Path, int, int)}, connection {@code i} ending in style
     * {@code styles.get(i % styles.size())}.
     */
    public static long write(Path file, int connections, int concurrency, List<CloseStyle> styles)
            throws IOException {
        if (connections < 1 || concurrency < 1) {
            throw new IllegalArgumentException("connections " + connections + ", concurrency " + concurrency
                    + " (expected both at least 1)");
        }
        if (styles.isEmpty()) {
            throw new IllegalArgumentException("no close style (expected at least one)");
        }
        return new SyntheticCapture(styles).writeAll(file, connections, Math.min(concurrency, connections));
    }

    /** Frames {@link #write(Path, int, int, List)} writes for these arguments, without writing them. */
    public static long frames(int connections, List<CloseStyle> styles) {
        long frames = 0;
        for (int i = 0; i < styles.size(); i++) {
            long count = connections / styles.size() + (i < connections % styles.size() ? 1 : 0);
            frames += count * styles.get(i).frames();
        }
        return frames;
    }

    private long writeAll(Path file, int connections, int concurrency) throws IOException {
        int[] conn = new int[concurrency]; // which connection each slot is playing
        int[] step = new int[concurrency]; // the next frame of that connection
        int started = 0;
        for (int s = 0; s < concurrency; s++) {
            conn[s] = started++;
        }
        long written = 0;
        long spacing = Math.min(FRAME_SPACING_NANOS, MAX_ROUND_NANOS / concurrency);
        int active = concurrency;
        try (PcapWriter w = PcapWriter.create(file, LinkType.EN10MB, false)) {
            while (active > 0) {
                for (int s = 0; s < concurrency; s++) {
                    if (conn[s] < 0) {
                        continue;
                    }
                    int len = frame(conn[s], step[s]);
                    w.write(START_NANOS + written * spacing, frame, 0, len, len);
                    written++;
                    if (++step[s] == style(conn[s]).frames()) {
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

    private CloseStyle style(int c) {
        return styles.get(c % styles.size());
    }

    /** Fills {@link #frame} with frame {@code step} of connection {@code c}; returns its length. */
    private int frame(int c, int step) {
        // Client 10.x.y.z:port, server 192.0.2.1:80: every connection its own 4-tuple.
        int clientIp = 0x0A00_0000 | (c >>> 14);
        int clientPort = 1024 + (c & 0x3FFF);
        int serverIp = 0xC000_0201;
        long clientIsn = 1000L * c;
        long serverIsn = 7000L * c + 1;
        CloseStyle.Step st = style(c).step(step);
        boolean fromClient = st.fromClient();
        int flags = st.flags();
        long seq = (fromClient ? clientIsn : serverIsn) + st.seq();
        long ack = (flags & ACK) == 0 ? 0 : (fromClient ? serverIsn : clientIsn) + st.ack();
        int payload = st.payload();
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
