package io.tcpwhy.model;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What {@code side}'s {@code call} returns once the segment in {@code frame} has arrived,
 * and why. The {@code why} text may be built only when something first asks for it (most
 * outputs print few outcomes); a value like a record, equal when every part is equal.
 */
public final class Outcome {

    private final Side side;
    private final SocketCall call;
    private final CallResult result;
    private final long frame;
    private final Memo<String> why;

    public Outcome(Side side, SocketCall call, CallResult result, long frame, String why) {
        this(side, call, result, frame, why == null ? null : Memo.of(why));
    }

    private Outcome(Side side, SocketCall call, CallResult result, long frame, Memo<String> why) {
        if (side == null || call == null || result == null || why == null) {
            throw new IllegalArgumentException("outcome needs side, call, result and why");
        }
        this.side = side;
        this.call = call;
        this.result = result;
        this.frame = frame;
        this.why = why;
    }

    /**
     * An outcome whose {@code why} text {@code why} builds on first request (from any
     * thread), once; it must be a function of what was known when the outcome was made.
     */
    public static Outcome lazy(Side side, SocketCall call, CallResult result, long frame, Supplier<String> why) {
        return new Outcome(side, call, result, frame, why == null ? null : Memo.lazy(why));
    }

    public Side side() {
        return side;
    }

    public SocketCall call() {
        return call;
    }

    public CallResult result() {
        return result;
    }

    public long frame() {
        return frame;
    }

    public String why() {
        return why.get();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Outcome x && side == x.side && call == x.call && result == x.result
                && frame == x.frame && why().equals(x.why());
    }

    @Override
    public int hashCode() {
        return Objects.hash(side, call, result, frame, why());
    }

    @Override
    public String toString() {
        return "Outcome[side=" + side + ", call=" + call + ", result=" + result + ", frame=" + frame + ", why="
                + why() + "]";
    }
}
