package io.tcpwhy.replay;

import java.util.Locale;

/**
 * One thing the played side does, in order.
 *
 * @param kind      what it does
 * @param atNanos   for the played side's own actions (SEND, SHUTDOWN): when the recorded side did it,
 *                  counted from the start of the connection; pacing waits for it
 * @param data      the bytes to send (SEND), empty otherwise
 * @param count     the bytes to wait for (EXPECT, AWAIT_UNREAD), 0 otherwise
 */
public record Step(Kind kind, long atNanos, byte[] data, int count) {

    /** The kinds of step, by their names in the script file. */
    public enum Kind {
        /** Write {@code data} in one call. */
        SEND("send"),
        /** Read until {@code count} bytes of the peer's have arrived. */
        EXPECT("expect"),
        /** Read until the peer's FIN (EOF). */
        EXPECT_END("expect_end"),
        /** Wait, without reading, until {@code count} bytes of the peer's sit unread: a close then resets. */
        AWAIT_UNREAD("await_unread"),
        /** shutdownOutput: FIN while still reading (half-close). */
        SHUTDOWN("shutdown");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Kind fromWire(String wire) throws ReplayException {
            for (Kind k : values()) {
                if (k.wire.equals(wire)) {
                    return k;
                }
            }
            throw new ReplayException("unknown step '" + wire
                    + "' (expected send, expect, expect_end, await_unread or shutdown)");
        }
    }

    public Step {
        data = data.clone();
        if (atNanos < 0 || count < 0) {
            throw new IllegalArgumentException("step " + kind + " at " + atNanos + " ns count " + count
                    + " (expected both 0 or more)");
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    static Step send(long atNanos, byte[] data) {
        return new Step(Kind.SEND, atNanos, data, 0);
    }

    static Step expect(long atNanos, int count) {
        return new Step(Kind.EXPECT, atNanos, new byte[0], count);
    }

    static Step expectEnd(long atNanos) {
        return new Step(Kind.EXPECT_END, atNanos, new byte[0], 0);
    }

    static Step awaitUnread(long atNanos, int count) {
        return new Step(Kind.AWAIT_UNREAD, atNanos, new byte[0], count);
    }

    static Step shutdown(long atNanos) {
        return new Step(Kind.SHUTDOWN, atNanos, new byte[0], 0);
    }

    /** One line for --dry-run: what, how many bytes, when. */
    String describe() {
        String when = String.format(Locale.ROOT, "%10.3f s  ", atNanos / 1e9);
        return when + switch (kind) {
            case SEND -> "send " + data.length + " bytes";
            case EXPECT -> "wait for " + count + " bytes from the peer";
            case EXPECT_END -> "read until the peer's FIN (EOF)";
            case AWAIT_UNREAD -> "wait until " + count + " bytes from the peer sit unread";
            case SHUTDOWN -> "shutdownOutput (FIN, keep reading)";
        };
    }
}
