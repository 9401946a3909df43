package io.tcpwhy.decode;

import java.nio.ByteBuffer;

/**
 * TCP options (RFC 9293 §3.2): kind, length, value. A length that cannot be right ends
 * the parse, keeping what came before: the segment itself is still good.
 */
final class TcpOptionParser {

    static final int KIND = 0;
    static final int LENGTH = 1;
    static final int VALUE = 2;

    static final int END_OF_LIST = 0;         // RFC 9293 §3.2
    static final int NO_OPERATION = 1;        // RFC 9293 §3.2
    static final int MSS = 2;                 // RFC 9293 §3.2, §3.7.1
    static final int MSS_LENGTH = 4;
    static final int WINDOW_SCALE = 3;        // RFC 7323 §2.2
    static final int WINDOW_SCALE_LENGTH = 3;
    /** RFC 7323 §2.3: a larger shift is used as 14. */
    static final int WINDOW_SCALE_MAX = 14;
    static final int SACK_PERMITTED = 4;      // RFC 2018 §2
    static final int SACK_PERMITTED_LENGTH = 2;
    static final int SACK = 5;                // RFC 2018 §3
    static final int SACK_BLOCK = 8;
    static final int TIMESTAMPS = 8;          // RFC 7323 §3.2
    static final int TIMESTAMPS_LENGTH = 10;
    static final int TS_ECR = 6;
    /** Kind and length octets: the smallest an option with a length field can be. */
    static final int MIN_LENGTH = 2;

    private TcpOptionParser() {
    }

    /** Parses {@code buf[from, to)}; {@link TcpOptions#NONE}, not a new object, when nothing known is there. */
    static TcpOptions parse(ByteBuffer buf, int from, int to) {
        int mss = -1;
        int windowScale = -1;
        boolean sackPermitted = false;
        boolean sack = false;
        boolean timestamps = false;
        long tsVal = 0;
        long tsEcr = 0;
        boolean found = false;
        int pos = from;
        parse:
        while (pos < to) {
            int kind = Bytes.u8(buf, pos + KIND);
            if (kind == END_OF_LIST) {
                break;
            }
            if (kind == NO_OPERATION) {
                pos++;
                continue;
            }
            if (pos + LENGTH >= to) {
                break;
            }
            int length = Bytes.u8(buf, pos + LENGTH);
            if (length < MIN_LENGTH || pos + length > to) {
                break;
            }
            switch (kind) {
                case MSS -> {
                    if (length != MSS_LENGTH) {
                        break parse;
                    }
                    mss = Bytes.u16(buf, pos + VALUE);
                }
                case WINDOW_SCALE -> {
                    if (length != WINDOW_SCALE_LENGTH) {
                        break parse;
                    }
                    windowScale = Math.min(Bytes.u8(buf, pos + VALUE), WINDOW_SCALE_MAX);
                }
                case SACK_PERMITTED -> {
                    if (length != SACK_PERMITTED_LENGTH) {
                        break parse;
                    }
                    sackPermitted = true;
                }
                case SACK -> {
                    if (length == MIN_LENGTH || (length - MIN_LENGTH) % SACK_BLOCK != 0) {
                        break parse;
                    }
                    sack = true;
                }
                case TIMESTAMPS -> {
                    if (length != TIMESTAMPS_LENGTH) {
                        break parse;
                    }
                    timestamps = true;
                    tsVal = Bytes.u32(buf, pos + VALUE);
                    tsEcr = Bytes.u32(buf, pos + TS_ECR);
                }
                default -> {
                    // Unknown kinds (MPTCP, TCP-AO, fast open...) are skipped by their length.
                    pos += length;
                    continue;
                }
            }
            found = true;
            pos += length;
        }
        return found ? new TcpOptions(mss, windowScale, sackPermitted, sack, timestamps, tsVal, tsEcr) : TcpOptions.NONE;
    }
}
