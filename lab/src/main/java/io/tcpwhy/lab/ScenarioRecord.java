package io.tcpwhy.lab;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.capture.CaptureStatistics;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A scenario's {@code NAME.json}: the contract's "scenario run output" plus the lab's documented
 * additions ({@code expected_diagnosis}, {@code expected_states}, {@code frames_after_local_close},
 * {@code capture}; see docs/scenarios.md).
 *
 * @param expectedDiagnosis the diagnosis of the connection the scenario is about
 */
public record ScenarioRecord(String scenario, String description, DiagnosisCode expectedDiagnosis,
                             List<ObservedConnection> connections, CaptureStatistics capture) {

    private static final JsonFactory JSON = new JsonFactory();

    public ScenarioRecord {
        if (scenario == null || description == null || expectedDiagnosis == null || capture == null) {
            throw new IllegalArgumentException("scenario record needs name, description, diagnosis and capture statistics");
        }
        connections = List.copyOf(connections);
    }

    public void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("scenario", scenario);
            g.writeStringField("description", description);
            g.writeStringField("expected_diagnosis", expectedDiagnosis.name());
            g.writeArrayFieldStart("connections");
            for (ObservedConnection c : connections) {
                g.writeStartObject();
                g.writeStringField("client", c.client().toString());
                g.writeStringField("server", c.server().toString());
                g.writeStringField("expected_diagnosis", c.expectedDiagnosis().name());
                g.writeObjectFieldStart("expected_states");
                g.writeStringField("client", c.expectedClientState().wire());
                g.writeStringField("server", c.expectedServerState().wire());
                g.writeEndObject();
                g.writeArrayFieldStart("observed");
                for (ObservedCall call : c.observed()) {
                    g.writeStartObject();
                    g.writeStringField("side", call.side().wire());
                    g.writeStringField("call", call.call().wire());
                    g.writeStringField("result", call.result().name());
                    g.writeStringField("detail", call.detail());
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (c.framesAfterLocalClose().isPresent()) {
                    g.writeNumberField("frames_after_local_close", c.framesAfterLocalClose().getAsLong());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("capture");
            g.writeNumberField("frames", capture.captured());
            g.writeNumberField("kernel_received", capture.kernelReceived());
            g.writeNumberField("dropped_by_kernel", capture.droppedByKernel());
            g.writeNumberField("dropped_by_interface", capture.droppedByInterface());
            g.writeBooleanField("loopback", capture.loopback());
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /**
     * Reads a {@code NAME.json} back.
     *
     * @throws ScenarioException when a field is missing or has a value outside the vocabulary
     */
    public static ScenarioRecord read(Path file) throws IOException, ScenarioException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        try {
            List<ObservedConnection> connections = new ArrayList<>();
            for (JsonNode c : required(root, "connections")) {
                List<ObservedCall> calls = new ArrayList<>();
                for (JsonNode o : required(c, "observed")) {
                    calls.add(new ObservedCall(Side.fromWire(text(o, "side")), SocketCall.fromWire(text(o, "call")),
                            ObservedResult.fromWire(text(o, "result")), text(o, "detail")));
                }
                JsonNode states = required(c, "expected_states");
                connections.add(new ObservedConnection(Endpoint.parse(text(c, "client")), Endpoint.parse(text(c, "server")),
                        DiagnosisCode.valueOf(text(c, "expected_diagnosis")),
                        TcpState.valueOf(text(states, "client")), TcpState.valueOf(text(states, "server")), calls,
                        c.has("frames_after_local_close") ? OptionalLong.of(c.get("frames_after_local_close").asLong())
                                : OptionalLong.empty()));
            }
            JsonNode cap = required(root, "capture");
            return new ScenarioRecord(text(root, "scenario"), text(root, "description"),
                    DiagnosisCode.valueOf(text(root, "expected_diagnosis")), connections,
                    new CaptureStatistics(required(cap, "frames").asLong(), required(cap, "kernel_received").asLong(),
                            required(cap, "dropped_by_kernel").asLong(), required(cap, "dropped_by_interface").asLong(),
                            required(cap, "loopback").asBoolean()));
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' missing (expected the scenario run output format)");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }
}
