package io.tcpwhy.kernel;

/**
 * What a run of {@link KernelEvents} read.
 *
 * @param events         events handed to the listener
 * @param lost           events the kernel overwrote before they were read ("LOST N EVENTS")
 * @param otherPorts     tcp_send_reset events of other ports (that event cannot be filtered by port)
 * @param malformed      lines that could not be parsed
 * @param firstMalformed the first of those lines' messages, empty when none
 * @param removed        whether the tracing instance is gone again
 */
public record KernelStatistics(long events, long lost, long otherPorts, long malformed, String firstMalformed,
                               ClockAlignment clock, boolean removed) {

    /** One line for logs and NAME.kernel.json readers. */
    public String describe() {
        return events + " kernel events, " + lost + " lost, " + malformed + " unreadable"
                + (firstMalformed.isEmpty() ? "" : " (first: " + firstMalformed + ")")
                + (removed ? "" : "; the tracing instance could not be removed");
    }
}
