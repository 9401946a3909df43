package io.tcpwhy.replay;

import io.tcpwhy.model.Side;
import java.util.Map;

/**
 * The eight production samples (issue 7's causes, samples/README.md) and the diagnosis each
 * recorded (lab Scenarios.java for the loopback ones, NetnsScenarios.java for the namespace ones).
 */
final class ProductionSamples {

    static final Map<String, String> RECORDED = Map.of(
            "stale_pooled_connection", "STALE_POOLED_CONNECTION",
            "stale_pooled_connection_jdk_server", "STALE_POOLED_CONNECTION",
            "server_gave_up", "SERVER_GAVE_UP",
            "idle_forgotten_by_middlebox", "IDLE_FORGOTTEN",
            "peer_unreachable", "PEER_UNREACHABLE",
            "peer_unreachable_keepalive", "PEER_UNREACHABLE",
            "accept_queue_overflow", "ACCEPT_QUEUE_OVERFLOW",
            "connect_gave_up_before_synack", "HANDSHAKE_INCOMPLETE");

    /** The connection that matters where a sample holds several: the overflowed handshake, not the two queued ones. */
    static final Map<String, Integer> CONNECTION_ID = Map.of("accept_queue_overflow", 2);

    private ProductionSamples() {
    }

    static Script clientScript(String name) throws Exception {
        Recording r = RecordingReader.read(Samples.pcap(name),
                RecordingReader.Selection.of(null, CONNECTION_ID.get(name), null));
        return ScriptBuilder.build(r, Side.CLIENT, name + ".pcap");
    }
}
