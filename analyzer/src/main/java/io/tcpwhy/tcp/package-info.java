/**
 * Rebuilding connections. Start at {@link io.tcpwhy.tcp.ConnectionTracker}: feed it the
 * decoder's segments in capture order; it splits them into connections by 4-tuple the
 * way Zeek does (roles, port reuse, timeouts on the capture clock), feeds each segment
 * to the connection's {@link io.tcpwhy.tcp.ConnectionObserver} with the sender's side,
 * and hands out a {@link io.tcpwhy.tcp.TrackedConnection} with Zeek's conn_state and
 * history as soon as Zeek would be done with it.
 *
 * <p>Package-private: {@code ZeekSession} (Zeek's per-connection TCP analysis and
 * timers), {@code ZeekEndpoint} (one side's sequence numbers, history counters and
 * content-gap model), {@code ZeekDefaults} (the Zeek settings this mirrors).
 */
package io.tcpwhy.tcp;
