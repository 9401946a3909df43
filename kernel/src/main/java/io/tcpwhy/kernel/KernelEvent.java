package io.tcpwhy.kernel;

import io.tcpwhy.net.Endpoint;

/**
 * One tracepoint hit, parsed.
 *
 * @param traceNanos when, on the instance's trace clock ({@code mono}); see {@link ClockAlignment}
 * @param pid        the thread the kernel ran in (a thread id, not always the socket's owner:
 *                   {@code inSoftirq} events run in whichever thread the interrupt found)
 * @param command    that thread's name, {@code <idle>} or {@code <...>} when the kernel has none
 * @param inSoftirq  whether the event ran in interrupt context (softirq or hardirq)
 * @param local      the socket's own address and port; for {@link KernelEventType#SEND_RESET}
 *                   the RST's sender. Port 0 before connect() picked one.
 * @param remote     the peer's address and port; for SEND_RESET the RST's destination
 * @param oldState   SET_STATE's old state, else null
 * @param state      SET_STATE's new state, SEND_RESET's and RETRANSMIT's socket state, else null
 * @param reason     SEND_RESET's reason ({@code TCP_ABORT_ON_CLOSE}...), empty when the kernel
 *                   prints none (before Linux 6.10) or for other events
 * @param errno      ERROR_REPORT's errno (104, 32, 111, 110...), RETRANSMIT's err, else 0
 */
public record KernelEvent(KernelEventType type, long traceNanos, int cpu, int pid, String command,
                          boolean inSoftirq, Endpoint local, Endpoint remote, KernelTcpState oldState,
                          KernelTcpState state, String reason, int errno) {

    public KernelEvent {
        if (type == null || command == null || local == null || remote == null || reason == null) {
            throw new IllegalArgumentException("kernel event needs type, command, endpoints and reason");
        }
    }

    /** Whether this event concerns the socket pair {@code a}/{@code b}, either way round. */
    public boolean concerns(Endpoint a, Endpoint b) {
        return local.equals(a) && remote.equals(b) || local.equals(b) && remote.equals(a);
    }

    /** Whether {@code port} is this event's local or remote port. */
    boolean touches(int port) {
        return local.port() == port || remote.port() == port;
    }

    /** "tcp_send_reset 127.0.0.1:5555 > 127.0.0.1:56088 reason=NO_SOCKET": for messages. */
    public String brief() {
        StringBuilder b = new StringBuilder(type.wire()).append(' ').append(local).append(" > ").append(remote);
        if (oldState != null) {
            b.append(' ').append(oldState).append(" -> ").append(state);
        } else if (state != null) {
            b.append(" state=").append(state);
        }
        if (!reason.isEmpty()) {
            b.append(" reason=").append(reason);
        }
        if (type == KernelEventType.ERROR_REPORT) {
            b.append(" errno=").append(errno);
        }
        return b.toString();
    }
}
