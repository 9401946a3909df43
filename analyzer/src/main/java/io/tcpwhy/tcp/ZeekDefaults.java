package io.tcpwhy.tcp;

import java.util.BitSet;

/**
 * The Zeek settings our conn_state and history depend on, at Zeek's defaults
 * ({@code scripts/base/init-bare.zeek}), so that our output matches {@code zeek -C -r}
 * with the stock scripts.
 */
final class ZeekDefaults {

    private static final long SECOND = 1_000_000_000L;

    /** {@code tcp_SYN_timeout}: first look at a new connection's fate. */
    static final long SYN_TIMEOUT = 5 * SECOND;
    /** {@code tcp_session_timer}: re-check interval of a half-closed connection. */
    static final long SESSION_TIMER = 6 * SECOND;
    /** {@code tcp_connection_linger}: quiet time after which a closed connection may go. */
    static final long CONNECTION_LINGER = 5 * SECOND;
    /** {@code tcp_attempt_delay}: an unanswered SYN is given up after this. */
    static final long ATTEMPT_DELAY = 5 * SECOND;
    /** {@code tcp_close_delay}: state kept after a complete close (FINs both ways, or a RST). */
    static final long CLOSE_DELAY = 5 * SECOND;
    /** {@code tcp_reset_delay}: state kept after a RST that follows the sender's own FIN. */
    static final long RESET_DELAY = 5 * SECOND;
    /** {@code tcp_inactivity_timeout}: an established connection silent this long is dropped. */
    static final long TCP_INACTIVITY_TIMEOUT = 300 * SECOND;
    /**
     * {@code udp_inactivity_timeout}: Zeek's TCP analyzer starts every connection with this
     * one and only switches to the TCP value once both sides leave the handshake.
     */
    static final long HANDSHAKE_INACTIVITY_TIMEOUT = 60 * SECOND;

    /** {@code tcp_max_initial_window}: unacknowledged data beyond this is not held for reassembly. */
    static final long MAX_INITIAL_WINDOW = 16384;
    /** {@code tcp_max_above_hole_without_any_acks}: reassembly gives up above a hole this big. */
    static final long MAX_ABOVE_HOLE_WITHOUT_ACKS = 16384;
    /** {@code tcp_excessive_data_without_further_acks}: reassembly gives up holding this much. */
    static final long EXCESSIVE_DATA_WITHOUT_ACKS = 10L * 1024 * 1024;

    /** Zeek's {@code TOO_LARGE_SEQ_DELTA}: SYN/RST sequence jumps beyond this are not trusted. */
    static final int TOO_LARGE_SEQ_DELTA = 1_048_576;

    /**
     * RFC 7323 §2.3: a window scale shift above 14 is treated as 14.
     */
    static final int MAX_WINDOW_SCALE = 14;

    /** History letters counted logarithmically are logged again at 10, 100, 1000... occurrences. */
    static final int HISTORY_SCALING_BASE = 10;

    /**
     * TCP ports of {@code likely_server_ports}: the ports the protocol analyzers of
     * Zeek's base scripts register for. A first packet that is not a plain SYN and comes
     * from one of these is taken to come from the responder.
     */
    private static final int[] LIKELY_SERVER_PORTS = {
        21, 22, 23, 25, 53, 80, 81, 88, 110, 135, 137, 138, 139, 143, 389, 443, 445, 502, 513, 514,
        563, 585, 587, 614, 631, 636, 989, 990, 992, 993, 995, 1080, 1883, 2404, 3128, 3268, 3306,
        3389, 5222, 5223, 5269, 5432, 6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000,
    };

    private static final BitSet SERVER_PORTS = new BitSet(65536);

    static {
        for (int p : LIKELY_SERVER_PORTS) {
            SERVER_PORTS.set(p);
        }
    }

    private ZeekDefaults() {
    }

    static boolean likelyServerPort(int port) {
        return SERVER_PORTS.get(port);
    }
}
