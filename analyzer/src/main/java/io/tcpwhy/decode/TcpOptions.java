package io.tcpwhy.decode;

/**
 * The TCP options tcpwhy uses (RFC 9293 §3.2, RFC 7323, RFC 2018). Absent values are
 * {@code -1}; {@link #NONE} is a segment without options.
 */
public record TcpOptions(int mss, int windowScale, boolean sackPermitted, boolean sack,
                         boolean timestamps, long tsVal, long tsEcr) {

    public static final TcpOptions NONE = new TcpOptions(-1, -1, false, false, false, 0, 0);
}
