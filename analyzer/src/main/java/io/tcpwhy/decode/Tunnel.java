package io.tcpwhy.decode;

import io.tcpwhy.net.Endpoint;

/**
 * The tunnel a segment arrived in: its type and the outer packet's endpoints (port 0 for
 * tunnels without ports: IP in IP, GRE). The segment's own endpoints are always the inner
 * ones. A tunnel inside another tunnel names the one around it in {@code enclosing}.
 *
 * @param type        the encapsulation
 * @param source      the outer packet's sender
 * @param destination the outer packet's receiver
 * @param enclosing   the tunnel the outer packet itself arrived in, or null
 */
public record Tunnel(TunnelType type, Endpoint source, Endpoint destination, Tunnel enclosing) {

    public Tunnel {
        if (type == null || source == null || destination == null) {
            throw new IllegalArgumentException("tunnel needs a type and both outer endpoints");
        }
    }

    /** How many tunnels the segment is inside: 1 for one tunnel. */
    public int depth() {
        return enclosing == null ? 1 : enclosing.depth() + 1;
    }

    /** The outermost tunnel: where the capture saw the packet. */
    public Tunnel outermost() {
        return enclosing == null ? this : enclosing.outermost();
    }
}
