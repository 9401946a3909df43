package io.tcpwhy.model;

/**
 * What {@code side}'s {@code call} returns once the segment in {@code frame} has arrived,
 * and why.
 */
public record Outcome(Side side, SocketCall call, CallResult result, long frame, String why) {

    public Outcome {
        if (side == null || call == null || result == null || why == null) {
            throw new IllegalArgumentException("outcome needs side, call, result and why");
        }
    }
}
