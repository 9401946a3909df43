package io.tcpwhy.capture;

/**
 * Frames lost just now, said while the capture runs.
 *
 * @param byKernel        frames the kernel dropped since the last notice (its capture buffer was full)
 * @param byBuffer        frames tcpwhy's own ring refused since the last notice (the analysis was behind)
 * @param totalLost       every frame lost since the capture started
 * @param openConnections connections open now, whose verdicts will say that frames were lost
 */
public record DropNotice(long byKernel, long byBuffer, long totalLost, int openConnections) {

    /** One line for a terminal. */
    public String describe() {
        return "DROPPED " + (byKernel + byBuffer) + " frames just now (" + byKernel + " by the kernel: its capture buffer "
                + "was full; " + byBuffer + " by tcpwhy: the analysis was behind), " + totalLost + " in all; the verdicts of the "
                + openConnections + " connection" + (openConnections == 1 ? "" : "s") + " open now will say FRAMES_DROPPED";
    }
}
