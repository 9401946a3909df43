package io.tcpwhy.capture;

/**
 * When a live capture starts its next file, and how many it keeps, as tcpdump's
 * {@code -C}, {@code -G} and {@code -W}.
 *
 * @param maxBytes   start a new file before one grows past this many bytes; 0 for no size limit
 * @param maxSeconds start a new file when one is this many seconds old; 0 for no age limit
 * @param keep       keep only the newest this many files, removing older ones; 0 keeps all
 */
public record FileRotation(long maxBytes, long maxSeconds, int keep) {

    /** One file, never rotated. */
    public static final FileRotation NONE = new FileRotation(0, 0, 0);

    /** A file smaller than its own header and one header-only frame cannot hold anything. */
    static final long MIN_BYTES = 4096;

    public FileRotation {
        if (maxBytes != 0 && maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException("rotate size " + maxBytes + " bytes (expected at least " + MIN_BYTES + ")");
        }
        if (maxSeconds < 0) {
            throw new IllegalArgumentException("rotate seconds " + maxSeconds + " (expected 1 or more)");
        }
        if (keep < 0) {
            throw new IllegalArgumentException("keep " + keep + " files (expected 1 or more)");
        }
        if (keep > 0 && maxBytes == 0 && maxSeconds == 0) {
            throw new IllegalArgumentException("keep " + keep + " files needs a rotation (a size or an age limit)");
        }
    }

    public boolean rotates() {
        return maxBytes > 0 || maxSeconds > 0;
    }
}
