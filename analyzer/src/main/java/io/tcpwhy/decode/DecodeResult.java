package io.tcpwhy.decode;

/**
 * What the decoder made of one frame: a {@link TcpSegment}, or the reason it was
 * skipped. Skips are constants, so a non-TCP frame costs no allocation.
 */
public sealed interface DecodeResult permits TcpSegment, DecodeResult.Skip {

    /** Why a frame carries no TCP segment for the tracker. */
    enum Skip implements DecodeResult {
        /** Not IP, or IP carrying another protocol. */
        NON_TCP,
        /** An IPv4 or IPv6 fragment: counted, never parsed as TCP. */
        IP_FRAGMENT,
        /** Headers contradict themselves (bad version, lengths that do not add up). */
        MALFORMED,
        /** The capture cut the frame before the TCP header's end. */
        TRUNCATED,
        /** A link type tcpwhy does not decode. */
        UNSUPPORTED_LINK
    }
}
