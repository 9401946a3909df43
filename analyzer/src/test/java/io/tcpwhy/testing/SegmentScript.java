package io.tcpwhy.testing;

import io.tcpwhy.decode.TcpOptions;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a TCP conversation for tests, one segment per call, the way a ladder diagram
 * reads:
 *
 * <pre>
 * List&lt;TcpSegment&gt; segs = SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
 *     .client("S").server("SA").client("A")
 *     .at(1.0).client("PA", 100).server("A")
 *     .at(5.0).client("FA").server("A")
 *     .segments();
 * </pre>
 *
 * Each side's next sequence number and the acknowledgment of what the other side sent
 * so far are tracked, so ordinary segments need only flags and payload length. Flags are
 * letters: S SYN, A ACK, F FIN, R RST, P PSH, U URG. Sequence numbers start at each side's
 * ISN (client 1000, server 5000 unless set). {@code resend...} and {@code raw...} write
 * retransmissions and arbitrary segments.
 */
public final class SegmentScript {

    private static final long SEQ_MODULO = 1L << 32;

    private final Endpoint client;
    private final Endpoint server;
    private final List<TcpSegment> segments = new ArrayList<>();
    private long clientNext;
    private long serverNext;
    private long timeNanos = 1_700_000_000_000_000_000L;
    private int window = 65535;
    /** Linux's default TTL (net.ipv4.ip_default_ttl). */
    private int ttl = 64;
    private int ipId = 1;
    private TcpOptions options = TcpOptions.NONE;
    private long frame = 1;

    private SegmentScript(Endpoint client, Endpoint server, long clientIsn, long serverIsn) {
        this.client = client;
        this.server = server;
        this.clientNext = clientIsn;
        this.serverNext = serverIsn;
    }

    public static SegmentScript between(String client, String server) {
        return new SegmentScript(Endpoint.parse(client), Endpoint.parse(server), 1000, 5000);
    }

    public static SegmentScript between(String client, String server, long clientIsn, long serverIsn) {
        return new SegmentScript(Endpoint.parse(client), Endpoint.parse(server), clientIsn, serverIsn);
    }

    /** Segments after this call carry this capture time, in seconds after the script's start. */
    public SegmentScript at(double seconds) {
        timeNanos = 1_700_000_000_000_000_000L + Math.round(seconds * 1e9);
        return this;
    }

    /** IPv4 TTL / IPv6 hop limit of segments after this call (a middlebox's RST shows another one). */
    public SegmentScript ttl(int ttl) {
        this.ttl = ttl;
        return this;
    }

    /** Window advertised by segments after this call (0 writes zero-window segments). */
    public SegmentScript window(int window) {
        this.window = window;
        return this;
    }

    /** Options carried by segments after this call. */
    public SegmentScript options(TcpOptions options) {
        this.options = options;
        return this;
    }

    /** Skips frame numbers, as if frames of other connections came between. */
    public SegmentScript skipFrames(int count) {
        frame += count;
        return this;
    }

    public SegmentScript client(String flags) {
        return client(flags, 0);
    }

    public SegmentScript server(String flags) {
        return server(flags, 0);
    }

    public SegmentScript client(String flags, int payload) {
        long seq = clientNext;
        clientNext = advance(seq, flags, payload);
        return add(client, server, seq, serverNext, flags, payload);
    }

    public SegmentScript server(String flags, int payload) {
        long seq = serverNext;
        serverNext = advance(seq, flags, payload);
        return add(server, client, seq, clientNext, flags, payload);
    }

    /** The client sends a segment again from {@code seq}, not moving its next sequence number. */
    public SegmentScript resendClient(String flags, long seq, int payload) {
        return add(client, server, seq, serverNext, flags, payload);
    }

    /** The server sends a segment again from {@code seq}, not moving its next sequence number. */
    public SegmentScript resendServer(String flags, long seq, int payload) {
        return add(server, client, seq, clientNext, flags, payload);
    }

    /** A client segment with exactly these numbers; tracking is untouched. */
    public SegmentScript rawClient(String flags, long seq, long ack, int payload) {
        return add(client, server, seq, ack, flags, payload);
    }

    /** A server segment with exactly these numbers; tracking is untouched. */
    public SegmentScript rawServer(String flags, long seq, long ack, int payload) {
        return add(server, client, seq, ack, flags, payload);
    }

    /** The client's next sequence number (e.g. to aim a RST). */
    public long clientNext() {
        return clientNext;
    }

    /** The server's next sequence number. */
    public long serverNext() {
        return serverNext;
    }

    public List<TcpSegment> segments() {
        return List.copyOf(segments);
    }

    private static long advance(long seq, String flags, int payload) {
        long len = payload + (flags.contains("S") ? 1 : 0) + (flags.contains("F") ? 1 : 0);
        return (seq + len) % SEQ_MODULO;
    }

    private SegmentScript add(Endpoint src, Endpoint dst, long seq, long ack, String flags, int payload) {
        int bits = parseFlags(flags);
        long ackField = (bits & TcpSegment.ACK) != 0 ? ack : 0;
        int ipLength = (src.address().v6() ? 40 : 20) + 20 + payload;
        segments.add(new TcpSegment(frame++, timeNanos, src, dst, seq % SEQ_MODULO, ackField, bits, window,
                payload, payload, ipLength, ttl, src.address().v6() ? TcpSegment.NO_IP_ID : ipId++, options));
        return this;
    }

    static int parseFlags(String flags) {
        int bits = 0;
        for (char c : flags.toCharArray()) {
            bits |= switch (c) {
                case 'S' -> TcpSegment.SYN;
                case 'A' -> TcpSegment.ACK;
                case 'F' -> TcpSegment.FIN;
                case 'R' -> TcpSegment.RST;
                case 'P' -> TcpSegment.PSH;
                case 'U' -> TcpSegment.URG;
                default -> throw new IllegalArgumentException("unknown flag letter '" + c + "' in '" + flags
                        + "' (expected S, A, F, R, P, U)");
            };
        }
        return bits;
    }
}
