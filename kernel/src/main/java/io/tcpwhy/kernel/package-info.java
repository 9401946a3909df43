/**
 * The kernel's own word on TCP sockets, read from Linux tracepoints through tracefs (no eBPF).
 * Start at {@link io.tcpwhy.kernel.KernelEvents#start}: it creates a tracing instance of its own
 * ({@code /sys/kernel/tracing/instances/tcpwhy-PID-N}), enables the TCP and socket events there
 * only, filters them to the watched ports, reads {@code trace_pipe} on a thread and hands each
 * parsed {@link io.tcpwhy.kernel.KernelEvent} to a {@link io.tcpwhy.kernel.KernelEventListener};
 * {@link io.tcpwhy.kernel.KernelEvents#stop()} removes the instance (a shutdown hook does too).
 * Anything that makes this impossible (no tracefs, an event missing, no permission) is one
 * {@link io.tcpwhy.kernel.KernelUnavailableException} whose message says what to do.
 *
 * <p>Framing and parsing are apart: {@link io.tcpwhy.kernel.TracingInstance} only moves text
 * lines, {@link io.tcpwhy.kernel.TraceLineParser} only turns one line into a value, and
 * {@link io.tcpwhy.kernel.KernelCheck} holds an analyzer report to the kernel's events.
 * See docs/kernel.md.
 */
package io.tcpwhy.kernel;
