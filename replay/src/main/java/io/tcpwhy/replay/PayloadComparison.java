package io.tcpwhy.replay;

/** How a side's bytes in the replay compare with the recorded ones, in words. */
final class PayloadComparison {

    private PayloadComparison() {
    }

    static boolean same(byte[] recorded, byte[] replayed) {
        return java.util.Arrays.equals(recorded, replayed);
    }

    /** "identical (12 bytes)", "differs at byte 3", "shorter: 5 of 12 bytes", "longer: 20 bytes, 12 recorded". */
    static String describe(byte[] recorded, byte[] replayed) {
        int common = Math.min(recorded.length, replayed.length);
        int mismatch = java.util.Arrays.mismatch(recorded, replayed);
        if (mismatch < 0) {
            return "identical (" + recorded.length + " bytes)";
        }
        if (mismatch < common) {
            return "differs at byte " + mismatch + " (" + replayed.length + " bytes, " + recorded.length + " recorded)";
        }
        if (replayed.length < recorded.length) {
            return "shorter: " + replayed.length + " of " + recorded.length + " bytes";
        }
        return "longer: " + replayed.length + " bytes, " + recorded.length + " recorded";
    }
}
