package io.tcpwhy.replay;

/**
 * How a replay paces the played side's actions: as recorded ({@code asis}), faster or
 * slower ({@code --speed X}), or as fast as the peer answers ({@code fast}). Pacing is
 * measured from the start of the replay, so waits do not add up into drift.
 *
 * @param fast  no waits at all
 * @param speed how much faster than recorded (2 = half the gaps); 1 keeps them
 */
public record Timing(boolean fast, double speed) {

    public static final Timing AS_RECORDED = new Timing(false, 1);
    public static final Timing FAST = new Timing(true, 1);

    public Timing {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed " + speed + " (expected a number above 0)");
        }
    }

    /** The replay clock's deadline for an action recorded {@code atNanos} after the start. */
    long deadline(long startNanos, long atNanos) {
        return fast ? startNanos : startNanos + Math.round(atNanos / speed);
    }
}
