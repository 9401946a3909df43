package io.tcpwhy.replay;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Side;
import io.tcpwhy.net.Endpoint;
import java.util.List;

/**
 * One connection as a capture holds it: the analyzer's report, each side's payload in
 * chunks, and each side's FIN and RST.
 *
 * @param report          the analyzer's report of this connection
 * @param client          the side that connected (from the handshake, or as the user named it)
 * @param synAnswered     whether the server answered the client's SYN with SYN-ACK
 * @param refused         whether the server answered the client's SYN with RST
 * @param lastSynNanos    when the client's last SYN was captured (retransmissions included)
 * @param captureEndNanos the capture's last frame, whatever its connection: how long the recording watched
 * @param probes          the keep-alive probes either side sent
 */
public record Recording(ConnectionReport report, Endpoint client, Endpoint server, List<Chunk> clientChunks,
                        List<Chunk> serverChunks, List<Control> controls, long startNanos, boolean synAnswered,
                        boolean refused, long lastSynNanos, long captureEndNanos, List<Probe> probes) {

    /** A FIN or RST one side sent. */
    record Control(Side from, boolean reset, long frame, long timeNanos) {
    }

    /**
     * A keep-alive probe: a segment without payload whose sequence number is one below
     * everything the side had sent (RFC 9293 §3.8.4; Linux's tcp_xmit_probe_skb), sent only
     * while nothing is in flight.
     *
     * @param peerLastNanos when the peer's last segment before it was captured (where the idle time starts)
     */
    record Probe(Side from, long frame, long timeNanos, long peerLastNanos) {
    }

    public Recording {
        clientChunks = List.copyOf(clientChunks);
        serverChunks = List.copyOf(serverChunks);
        controls = List.copyOf(controls);
        probes = List.copyOf(probes);
    }

    List<Chunk> chunks(Side side) {
        return side == Side.CLIENT ? clientChunks : serverChunks;
    }

    /** Everything {@code side} sent, in stream order. */
    public byte[] payload(Side side) {
        return StreamAssembler.concat(chunks(side));
    }

    /** Who closed first and how, e.g. "client FIN"; "nobody" when neither side sent FIN or RST. */
    public String closing() {
        if (controls.isEmpty()) {
            return "nobody";
        }
        Control first = controls.get(0);
        return first.from().wire() + (first.reset() ? " RST" : " FIN");
    }
}
