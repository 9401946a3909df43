package io.tcpwhy.kernel;

/**
 * Relates the trace clock to wall time, the clock of pcap timestamps. At start tcpwhy writes
 * a marker to its instance's trace_marker between two readings of the wall clock; the marker's
 * trace timestamp and the midpoint of the readings are the same instant, to within the write's
 * duration ({@code uncertaintyNanos}, a few microseconds).
 *
 * @param wallMinusTraceNanos add to a trace time to get nanoseconds since the epoch
 * @param uncertaintyNanos    half the wall-clock span around the marker's write
 */
public record ClockAlignment(long wallMinusTraceNanos, long uncertaintyNanos) {

    public long wallNanos(long traceNanos) {
        return traceNanos + wallMinusTraceNanos;
    }
}
