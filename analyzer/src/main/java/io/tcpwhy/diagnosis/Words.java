package io.tcpwhy.diagnosis;

import io.tcpwhy.model.Side;
import io.tcpwhy.model.Timestamps;

/** The few phrases every explanation repeats, so they read the same everywhere. */
final class Words {

    private static final double NANOS_PER_SECOND = 1e9;

    private Words() {
    }

    static String the(Side side) {
        return "the " + side.wire();
    }

    static String capital(Side side) {
        return "The " + side.wire();
    }

    static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /** {@code 1.250 s}: as {@code "%.3f s"} prints it, without the formatter (it was a twentieth of the diagnosis). */
    static String seconds(long nanos) {
        return Timestamps.secondsMillis(nanos) + " s";
    }

    static double secondsValue(long nanos) {
        return nanos / NANOS_PER_SECOND;
    }
}
