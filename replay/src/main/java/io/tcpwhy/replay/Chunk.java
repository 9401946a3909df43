package io.tcpwhy.replay;

import io.tcpwhy.model.Side;

/**
 * Payload one side put on the wire in one segment, as it first went out: retransmitted
 * bytes are kept once, and the boundaries of the recorded segments are kept.
 *
 * @param from      who sent it
 * @param offset    its first byte's position in the sender's stream (0 = first payload byte)
 * @param frame     the frame that first carried these bytes
 * @param timeNanos when that frame was captured
 */
record Chunk(Side from, long offset, byte[] bytes, long frame, long timeNanos) {

    Chunk {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }
}
