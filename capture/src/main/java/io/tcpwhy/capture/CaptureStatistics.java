package io.tcpwhy.capture;

/**
 * How a live capture went, from libpcap's {@code pcap_stats} taken just before the handle closed.
 *
 * <p>What is counted: {@code captured} is the frames this capture delivered and wrote, each
 * once. The kernel's own counter ({@code kernelReceived}, {@code ps_recv}) counts every copy
 * the kernel queued to the capture socket that passed the filter, dropped ones included. On a
 * loopback interface the kernel hands the capture socket each frame twice, once going out and
 * once coming back in; libpcap discards the outgoing copy in user space, so there
 * {@code kernelReceived} is about twice {@code captured} and is not a loss.
 * The drop counters are the ones to watch: {@code droppedByKernel} ({@code ps_drop}: the
 * capture buffer was full), {@code droppedByInterface} ({@code ps_ifdrop}: the driver dropped
 * them) and {@code droppedByBuffer} (tcpwhy's own ring between the capture and the analysis
 * thread was full). On loopback a kernel drop may hit the discarded outgoing copy, so the
 * frames lost are at most that many.
 *
 * @param loopback whether the interface was a loopback one (the double count above applies)
 */
public record CaptureStatistics(long captured, long kernelReceived, long droppedByKernel,
                                long droppedByInterface, boolean loopback, long droppedByBuffer) {

    /** No ring between capture and analysis: nothing dropped by one. */
    public CaptureStatistics(long captured, long kernelReceived, long droppedByKernel, long droppedByInterface,
                             boolean loopback) {
        this(captured, kernelReceived, droppedByKernel, droppedByInterface, loopback, 0);
    }

    public boolean hasDrops() {
        return droppedByKernel > 0 || droppedByInterface > 0 || droppedByBuffer > 0;
    }

    /** The same statistics with {@code n} frames refused by the analysis ring and {@code frames} captured. */
    CaptureStatistics withBuffer(long frames, long n) {
        return new CaptureStatistics(frames, kernelReceived, droppedByKernel, droppedByInterface, loopback, n);
    }

    /** One line for a terminal, calling out any drop. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(captured).append(captured == 1 ? " frame" : " frames").append(" captured");
        s.append(" (kernel counted ").append(kernelReceived);
        if (loopback) {
            s.append(", each loopback frame twice: out and in");
        }
        s.append(")");
        if (hasDrops()) {
            s.append("; DROPPED: ").append(droppedByKernel).append(" by the kernel (capture buffer full), ")
                    .append(droppedByInterface).append(" by the interface");
            if (droppedByBuffer > 0) {
                s.append(", ").append(droppedByBuffer).append(" by tcpwhy (analysis behind, its buffer full)");
            }
            s.append(" - the capture is incomplete");
        } else {
            s.append("; none dropped");
        }
        return s.toString();
    }
}
