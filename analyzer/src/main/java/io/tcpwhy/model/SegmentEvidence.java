package io.tcpwhy.model;

/**
 * One segment of a connection as reports show it (ladder diagrams, evidence tables):
 * who sent it, its flags as tcpdump prints them, and sequence and acknowledgment numbers
 * relative to each side's initial sequence number.
 *
 * @param relSeq relative sequence number, -1 when the ISN is unknown
 * @param relAck relative acknowledgment number, -1 when absent or unknown
 */
public record SegmentEvidence(long frame, long timeNanos, Side from, String flags,
                              long relSeq, long relAck, int payloadLength, int window) {
}
