package io.tcpwhy;

/** Hears how far a long analysis has come; the CLI draws it on a terminal. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (bytesRead, totalBytes, frames) -> { };

    /**
     * @param bytesRead  bytes of the file consumed so far (compressed bytes for .gz)
     * @param totalBytes the file's size, or -1 when unknown
     * @param frames     frames read so far
     */
    void progress(long bytesRead, long totalBytes, long frames);
}
