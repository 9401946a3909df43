package io.tcpwhy.capture;

/**
 * One frame as the capture thread copied it into the {@link FrameRing}: no further copy is
 * made on the way to the analysis, so the array is shared, never changed after the offer.
 *
 * @param epochNanos     capture time, nanoseconds since 1970-01-01 UTC
 * @param data           the captured bytes, starting with the link-layer header
 * @param originalLength the frame's length on the wire
 * @param droppedBefore  frames the ring had to refuse just before this one (0 almost always)
 */
record RingFrame(long epochNanos, byte[] data, int originalLength, long droppedBefore) {
}
