package io.tcpwhy.lab;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.kernel.ClockAlignment;
import io.tcpwhy.kernel.KernelEvent;
import io.tcpwhy.kernel.KernelEventType;
import io.tcpwhy.kernel.KernelStatistics;
import io.tcpwhy.kernel.KernelTcpState;
import io.tcpwhy.net.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's {@code NAME.kernel.json}: the kernel's own events for the scenario's port while
 * the capture ran (docs/kernel.md). When the kernel's events could not be read it says why in
 * {@code unavailable} and holds no events.
 *
 * @param unavailable empty when the events were read, else the one-line reason
 * @param release     the kernel's release ({@code /proc/sys/kernel/osrelease})
 * @param middleboxResets RSTs a router namespace's nftables rule sent in the server's name
 *                    (its counter): on the wire, never in the kernel's tcp_send_reset events
 */
public record KernelRecord(String scenario, String unavailable, String release, KernelStatistics statistics,
                           List<KernelEvent> events, long middleboxResets) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

    public KernelRecord {
        if (scenario == null || unavailable == null || release == null || statistics == null) {
            throw new IllegalArgumentException("kernel record needs scenario, availability, release and statistics");
        }
        events = List.copyOf(events);
    }

    /** A record of a run without a middlebox. */
    public KernelRecord(String scenario, String unavailable, String release, KernelStatistics statistics,
                        List<KernelEvent> events) {
        this(scenario, unavailable, release, statistics, events, 0);
    }

    public boolean available() {
        return unavailable.isEmpty();
    }

    static KernelRecord without(String scenario, String reason) {
        return new KernelRecord(scenario, reason, runningRelease(),
                new KernelStatistics(0, 0, 0, 0, "", new ClockAlignment(0, 0), true), List.of());
    }

    static String runningRelease() {
        try {
            return Files.readString(OSRELEASE).strip();
        } catch (IOException e) {
            return "";
        }
    }

    public static Path fileFor(Path dir, String scenario) {
        return dir.resolve(scenario + ".kernel.json");
    }

    public void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("scenario", scenario);
            g.writeBooleanField("available", available());
            if (!available()) {
                g.writeStringField("unavailable", unavailable);
            }
            g.writeStringField("kernel_release", release);
            g.writeStringField("trace_clock", "mono");
            g.writeNumberField("wall_minus_trace_ns", statistics.clock().wallMinusTraceNanos());
            g.writeNumberField("clock_uncertainty_ns", statistics.clock().uncertaintyNanos());
            g.writeNumberField("lost", statistics.lost());
            g.writeNumberField("unreadable_lines", statistics.malformed());
            g.writeBooleanField("instance_removed", statistics.removed());
            g.writeNumberField("middlebox_resets", middleboxResets);
            g.writeArrayFieldStart("events");
            for (KernelEvent e : events) {
                g.writeStartObject();
                g.writeStringField("event", e.type().wire());
                g.writeNumberField("trace_ns", e.traceNanos());
                g.writeNumberField("time_ns", statistics.clock().wallNanos(e.traceNanos()));
                g.writeNumberField("cpu", e.cpu());
                g.writeNumberField("pid", e.pid());
                g.writeStringField("command", e.command());
                g.writeBooleanField("interrupt", e.inSoftirq());
                g.writeStringField("local", e.local().toString());
                g.writeStringField("remote", e.remote().toString());
                if (e.oldState() != null) {
                    g.writeStringField("old_state", e.oldState().name());
                }
                if (e.state() != null) {
                    g.writeStringField("state", e.state().name());
                }
                if (!e.reason().isEmpty()) {
                    g.writeStringField("reason", e.reason());
                }
                if (e.errno() != 0) {
                    g.writeNumberField("errno", e.errno());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /**
     * Reads a {@code NAME.kernel.json} back.
     *
     * @throws ScenarioException when a field is missing or has a value outside the vocabulary
     */
    public static KernelRecord read(Path file) throws IOException, ScenarioException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        try {
            List<KernelEvent> events = new ArrayList<>();
            for (JsonNode e : required(root, "events")) {
                String event = text(e, "event");
                KernelEventType type = java.util.Arrays.stream(KernelEventType.values())
                        .filter(t -> t.wire().equals(event)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown event '" + event + "'"));
                events.add(new KernelEvent(type, required(e, "trace_ns").asLong(), required(e, "cpu").asInt(),
                        required(e, "pid").asInt(), text(e, "command"), required(e, "interrupt").asBoolean(),
                        Endpoint.parse(text(e, "local")), Endpoint.parse(text(e, "remote")),
                        e.has("old_state") ? KernelTcpState.valueOf(text(e, "old_state")) : null,
                        e.has("state") ? KernelTcpState.valueOf(text(e, "state")) : null,
                        e.has("reason") ? text(e, "reason") : "", e.has("errno") ? e.get("errno").asInt() : 0));
            }
            KernelStatistics stats = new KernelStatistics(events.size(), required(root, "lost").asLong(), 0,
                    required(root, "unreadable_lines").asLong(), "",
                    new ClockAlignment(required(root, "wall_minus_trace_ns").asLong(),
                            required(root, "clock_uncertainty_ns").asLong()),
                    required(root, "instance_removed").asBoolean());
            return new KernelRecord(text(root, "scenario"), root.has("unavailable") ? text(root, "unavailable") : "",
                    text(root, "kernel_release"), stats, events,
                    root.has("middlebox_resets") ? root.get("middlebox_resets").asLong() : 0);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' missing (expected the NAME.kernel.json format)");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }
}
