package io.tcpwhy.replay;

import java.util.List;

/**
 * The TCP keep-alive the recorded side had on, as its probes show it: set on the replay's
 * socket (SO_KEEPALIVE with TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT), so the kernel probes a
 * silent connection again and gives up as it did. The options count whole seconds, so these
 * timers are played as recorded whatever {@code --speed} says.
 *
 * @param idleSeconds     silence before the first probe (TCP_KEEPIDLE)
 * @param intervalSeconds between probes (TCP_KEEPINTVL)
 * @param probes          unanswered probes before the kernel gives up (TCP_KEEPCNT)
 */
public record KeepAlive(int idleSeconds, int intervalSeconds, int probes) {

    /** Linux's limits (include/net/tcp.h MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL, MAX_TCP_KEEPCNT). */
    static final int MAX_SECONDS = 32_767;
    static final int MAX_PROBES = 127;
    /** Linux's default TCP_KEEPCNT (net.ipv4.tcp_keepalive_probes), when the recording did not show the kernel give up. */
    static final int DEFAULT_PROBES = 9;
    private static final double NANOS_PER_SECOND = 1e9;

    public KeepAlive {
        if (idleSeconds < 1 || idleSeconds > MAX_SECONDS || intervalSeconds < 1 || intervalSeconds > MAX_SECONDS) {
            throw new IllegalArgumentException("keep-alive idle " + idleSeconds + " s, interval " + intervalSeconds
                    + " s (expected 1 to " + MAX_SECONDS + " s each)");
        }
        if (probes < 1 || probes > MAX_PROBES) {
            throw new IllegalArgumentException("keep-alive probes " + probes + " (expected 1 to " + MAX_PROBES + ")");
        }
    }

    /**
     * From the recorded side's probes: the idle time is the silence from the peer's last
     * segment to the first probe (Linux counts it from the last segment received), the
     * interval the gap between the first two probes, the count the probes sent when the kernel
     * gave up after them, else Linux's default.
     *
     * @param probeNanos    when each probe was sent, in order (at least one)
     * @param idleFromNanos when the peer's last segment before the first probe arrived
     * @param gaveUp        whether the side reset the connection after its last probe, nothing answered
     */
    static KeepAlive fromProbes(List<Long> probeNanos, long idleFromNanos, boolean gaveUp) {
        int idle = seconds(probeNanos.get(0) - idleFromNanos);
        int interval = probeNanos.size() > 1 ? seconds(probeNanos.get(1) - probeNanos.get(0)) : idle;
        int count = gaveUp ? Math.min(MAX_PROBES, probeNanos.size()) : DEFAULT_PROBES;
        return new KeepAlive(idle, interval, count);
    }

    /** How long the kernel takes to give up on a silent peer: the idle time and every probe's interval. */
    long giveUpMillis() {
        return 1000L * (idleSeconds + (long) intervalSeconds * probes);
    }

    private static int seconds(long nanos) {
        return (int) Math.max(1, Math.min(MAX_SECONDS, Math.round(nanos / NANOS_PER_SECOND)));
    }

    String describe() {
        return "keep-alive on: first probe after " + idleSeconds + " s idle, every " + intervalSeconds + " s, "
                + probes + " unanswered to give up";
    }
}
