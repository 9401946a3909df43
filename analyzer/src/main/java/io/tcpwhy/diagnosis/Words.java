package io.tcpwhy.diagnosis;

import io.tcpwhy.model.Side;

/**
 * The few phrases every explanation repeats, as Strings, for the texts built as lists of
 * sentences; the prose itself is written through {@link Text}, which has the same phrases.
 */
final class Words {

    private static final double NANOS_PER_SECOND = 1e9;

    private Words() {
    }

    static String the(Side side) {
        return "the " + side.wire();
    }

    static double secondsValue(long nanos) {
        return nanos / NANOS_PER_SECOND;
    }
}
