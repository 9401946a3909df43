package io.tcpwhy.model;

/** One endpoint moved to {@code state} when the segment in {@code frame} was seen. */
public record StateChange(Side side, TcpState state, long frame, long timeNanos) {
}
