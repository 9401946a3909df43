package io.tcpwhy.decode;

import io.tcpwhy.net.Endpoint;
import java.util.Optional;

/**
 * One TCP segment as the decoder hands it to the connection tracker: where and when it
 * was seen, the header fields that matter, and how many payload bytes the IP header says
 * it carries (which may be more than were captured).
 *
 * @param frame          1-based frame number, as Wireshark numbers them
 * @param timeNanos      capture timestamp, nanoseconds since the Unix epoch
 * @param src            sender
 * @param dst            receiver
 * @param seq            sequence number, unsigned 32 bits
 * @param ack            acknowledgment number, unsigned 32 bits (meaningful when ACK is set)
 * @param flags          the flag bits of header byte 13, see the constants below
 * @param window         the raw window field, not yet scaled
 * @param payloadLength  payload bytes per the IP length fields (not the capture length)
 * @param capturedPayload payload bytes actually present in the capture (snap length)
 * @param ipLength       the IP packet's length per its header: IPv4 total length, IPv6 40 + payload length
 * @param ttl            IPv4 time to live or IPv6 hop limit as captured: who sent a RST shows in it
 * @param ipId           IPv4 identification field, {@link #NO_IP_ID} for IPv6
 * @param options        the parsed options, {@link TcpOptions#NONE} if there were none
 * @param tunnel         the (innermost) tunnel the segment arrived in, with the outer endpoints;
 *                       null when it was not tunneled. {@code src}, {@code dst}, {@code ttl} and
 *                       {@code ipId} are always the inner packet's.
 */
public record TcpSegment(long frame, long timeNanos, Endpoint src, Endpoint dst,
                         long seq, long ack, int flags, int window,
                         int payloadLength, int capturedPayload, int ipLength, int ttl, int ipId,
                         TcpOptions options, Tunnel tunnel)
        implements DecodeResult {

    // RFC 9293 §3.1 control bits, plus ECE/CWR from RFC 3168 §6.1.
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** {@link #ipId} of a segment carried in IPv6, which has no identification field. */
    public static final int NO_IP_ID = -1;

    public TcpSegment {
        if (src == null || dst == null) {
            throw new IllegalArgumentException("segment needs both endpoints");
        }
        if (payloadLength < 0 || capturedPayload < 0 || capturedPayload > payloadLength) {
            throw new IllegalArgumentException("payload " + capturedPayload + " captured of " + payloadLength
                    + " (expected 0 <= captured <= length)");
        }
        if (options == null) {
            options = TcpOptions.NONE;
        }
    }

    /** A segment that was not tunneled. */
    public TcpSegment(long frame, long timeNanos, Endpoint src, Endpoint dst,
                      long seq, long ack, int flags, int window,
                      int payloadLength, int capturedPayload, int ipLength, int ttl, int ipId,
                      TcpOptions options) {
        this(frame, timeNanos, src, dst, seq, ack, flags, window, payloadLength, capturedPayload, ipLength, ttl, ipId,
                options, null);
    }

    /** The tunnel the segment arrived in, if any. */
    public Optional<Tunnel> outerTunnel() {
        return Optional.ofNullable(tunnel);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean syn() {
        return has(SYN);
    }

    public boolean fin() {
        return has(FIN);
    }

    public boolean rst() {
        return has(RST);
    }

    public boolean ackFlag() {
        return has(ACK);
    }

    /** Sequence space this segment occupies: payload, plus one each for SYN and FIN. */
    public long seqLength() {
        return payloadLength + (syn() ? 1 : 0) + (fin() ? 1 : 0);
    }

    /** Flags as tcpdump prints them: {@code S}, {@code S.}, {@code F.}, {@code R}, {@code P.}... */
    public String flagString() {
        return flagString(flags);
    }

    /** {@link #flagString()} of a segment with these {@code flags}. */
    public static String flagString(int flags) {
        return FLAG_STRINGS[flags & 0xFF];
    }

    /** Every flag byte's text, made once: segments are many, flag combinations 256. */
    private static final String[] FLAG_STRINGS = new String[256];

    static {
        for (int f = 0; f < FLAG_STRINGS.length; f++) {
            StringBuilder sb = new StringBuilder(8);
            if ((f & SYN) != 0) sb.append('S');
            if ((f & FIN) != 0) sb.append('F');
            if ((f & RST) != 0) sb.append('R');
            if ((f & PSH) != 0) sb.append('P');
            if ((f & URG) != 0) sb.append('U');
            if ((f & ECE) != 0) sb.append('E');
            if ((f & CWR) != 0) sb.append('W');
            if ((f & ACK) != 0) sb.append('.');
            FLAG_STRINGS[f] = sb.length() == 0 ? "none" : sb.toString();
        }
    }
}
