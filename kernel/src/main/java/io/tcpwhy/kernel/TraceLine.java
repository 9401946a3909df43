package io.tcpwhy.kernel;

/** What one line of {@code trace_pipe} holds. */
sealed interface TraceLine {

    /** A tracepoint tcpwhy reads. */
    record Event(KernelEvent event) implements TraceLine {
    }

    /** A write to the instance's {@code trace_marker}: tcpwhy's own clock sync and stop marks. */
    record Marker(long traceNanos, String text) implements TraceLine {
    }

    /** The kernel overwrote {@code count} events of {@code cpu} before they were read. */
    record Lost(int cpu, long count) implements TraceLine {
    }

    /** Another tracepoint, or a blank or comment line: nothing for tcpwhy. */
    record Other(String event) implements TraceLine {
    }
}
