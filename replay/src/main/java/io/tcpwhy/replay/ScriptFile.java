package io.tcpwhy.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcpwhy.model.Side;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The script file of {@code --export-script} and {@code --script}: JSON a user may edit
 * (docs/replay.md describes every field). Payload is written as {@code text} when it is
 * printable UTF-8, else as {@code base64}; either is read back.
 */
public final class ScriptFile {

    static final String FORMAT = "tcpwhy-replay-script";
    static final int VERSION = 1;
    /** The largest script file read: twice the payload a replay holds per direction, base64 and all. */
    static final long MAX_FILE_BYTES = 4 * RecordingReader.MAX_STREAM_BYTES;
    private static final double NANOS_PER_MILLI = 1e6;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ScriptFile() {
    }

    public static String toJson(Script s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("source", s.source());
        root.put("played", s.played().wire());
        root.put("handshake", s.handshake().wire());
        root.put("connect_timeout_ms", millis(s.connectTimeoutNanos()));
        ArrayNode steps = root.putArray("steps");
        for (Step step : s.steps()) {
            ObjectNode n = steps.addObject();
            n.put("step", step.kind().wire());
            n.put("at_ms", millis(step.atNanos()));
            switch (step.kind()) {
                case SEND -> putBytes(n, step.data());
                case EXPECT, AWAIT_UNREAD -> n.put("bytes", step.count());
                case SHUTDOWN, EXPECT_END -> { }
            }
        }
        ObjectNode ending = root.putObject("ending");
        ending.put("how", s.ending().wire());
        ending.put("at_ms", millis(s.endAtNanos()));
        ending.put("hold_until_ms", millis(s.holdNanos()));
        root.put("tail_ms", millis(s.tailNanos()));
        if (s.keepAlive() != null) {
            ObjectNode k = root.putObject("keepalive");
            k.put("idle_s", s.keepAlive().idleSeconds());
            k.put("interval_s", s.keepAlive().intervalSeconds());
            k.put("probes", s.keepAlive().probes());
        }
        ObjectNode o = root.putObject("original");
        Summary sum = s.original();
        o.put("diagnosis", sum.diagnosis());
        o.put("closing", sum.closing());
        o.put("client_state", sum.clientState());
        o.put("server_state", sum.serverState());
        o.put("conn_state", sum.connState());
        o.put("history", sum.history());
        sum.clientOutcomes().forEach(o.putArray("client_outcomes")::add);
        sum.serverOutcomes().forEach(o.putArray("server_outcomes")::add);
        o.put("played_payload_base64", Base64.getEncoder().encodeToString(s.playedPayload()));
        o.put("peer_payload_base64", Base64.getEncoder().encodeToString(s.peerPayload()));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serializes", e);
        }
    }

    public static void write(Script s, Path file) throws IOException {
        Files.writeString(file, toJson(s));
    }

    /**
     * @throws ReplayException the file is not a script, naming the field and what was expected
     * @throws IOException     the file cannot be read
     */
    public static Script read(Path file) throws IOException, ReplayException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new ReplayException(file + ": script is " + size + " bytes (expected at most " + MAX_FILE_BYTES + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ReplayException(file + ": not JSON at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr() + " (" + e.getOriginalMessage() + ")");
        }
        Fields f = new Fields(file.toString(), root);
        if (!FORMAT.equals(f.text(root, "format")) || f.integer(root, "version") != VERSION) {
            throw new ReplayException(file + ": not a tcpwhy replay script (expected \"format\": \"" + FORMAT
                    + "\", \"version\": " + VERSION + ")");
        }
        Side played;
        try {
            played = Side.fromWire(f.text(root, "played"));
        } catch (IllegalArgumentException e) {
            throw new ReplayException(file + ": played: " + e.getMessage());
        }
        Script.Handshake handshake = Script.Handshake.fromWire(f.text(root, "handshake"));
        List<Step> steps = new ArrayList<>();
        JsonNode list = root.get("steps");
        if (list == null || !list.isArray()) {
            throw new ReplayException(file + ": 'steps' is missing (expected an array)");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            f.where = "steps[" + i + "]";
            Step.Kind kind = Step.Kind.fromWire(f.text(n, "step"));
            long at = f.nanos(n, "at_ms");
            steps.add(switch (kind) {
                case SEND -> Step.send(at, f.bytes(n));
                case SHUTDOWN -> Step.shutdown(at);
                case EXPECT -> Step.expect(at, f.count(n, "bytes"));
                case AWAIT_UNREAD -> Step.awaitUnread(at, f.count(n, "bytes"));
                case EXPECT_END -> Step.expectEnd(at);
            });
        }
        f.where = "ending";
        JsonNode ending = f.object(root, "ending");
        Ending how = Ending.fromWire(f.text(ending, "how"));
        long endAt = f.nanos(ending, "at_ms");
        long hold = f.nanos(ending, "hold_until_ms");
        f.where = "";
        long tail = f.nanos(root, "tail_ms");
        long connectTimeout = f.nanos(root, "connect_timeout_ms");
        // A connect with no deadline (0 to java.net) would wait out the kernel's SYN retries, or,
        // for gave_up, connect as the original never did.
        boolean timed = handshake == Script.Handshake.UNANSWERED || handshake == Script.Handshake.GAVE_UP;
        if (timed && connectTimeout < NANOS_PER_MILLI) {
            throw f.wrong("connect_timeout_ms", root.get("connect_timeout_ms"),
                    "at least 1 for handshake " + handshake.wire());
        }
        KeepAlive keepAlive = null;
        if (root.has("keepalive")) {
            f.where = "keepalive";
            JsonNode k = f.object(root, "keepalive");
            keepAlive = new KeepAlive(f.bounded(k, "idle_s", 1, KeepAlive.MAX_SECONDS),
                    f.bounded(k, "interval_s", 1, KeepAlive.MAX_SECONDS), f.bounded(k, "probes", 1, KeepAlive.MAX_PROBES));
        }
        f.where = "original";
        JsonNode o = f.object(root, "original");
        Summary original = new Summary(f.text(o, "diagnosis"), f.text(o, "closing"), f.text(o, "client_state"),
                f.text(o, "server_state"), f.text(o, "conn_state"), f.text(o, "history"), f.strings(o, "client_outcomes"),
                f.strings(o, "server_outcomes"));
        byte[] playedPayload = f.base64(o, "played_payload_base64");
        byte[] peerPayload = f.base64(o, "peer_payload_base64");
        return new Script(played, handshake, connectTimeout, steps, how, endAt, hold, tail, original, playedPayload,
                peerPayload, f.text(root, "source"), keepAlive);
    }

    private static double millis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }

    private static void putBytes(ObjectNode n, byte[] data) {
        String text = printable(data);
        if (text != null) {
            n.put("text", text);
        } else {
            n.put("base64", Base64.getEncoder().encodeToString(data));
        }
    }

    /** The bytes as text when they are UTF-8 with no control characters but tab, CR and LF; else null. */
    static String printable(byte[] data) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return text;
    }

    /** Field readers that name the file and the place of what is wrong. */
    private static final class Fields {
        private final String file;
        String where = "";

        Fields(String file, JsonNode root) throws ReplayException {
            this.file = file;
            if (root == null || !root.isObject()) {
                throw new ReplayException(file + ": not a tcpwhy replay script (expected a JSON object)");
            }
        }

        private ReplayException wrong(String field, JsonNode n, String expected) {
            String place = where.isEmpty() ? field : where + "." + field;
            return new ReplayException(file + ": " + place + " is " + (n == null ? "missing" : n.toString())
                    + " (expected " + expected + ")");
        }

        JsonNode object(JsonNode parent, String field) throws ReplayException {
            JsonNode n = parent.get(field);
            if (n == null || !n.isObject()) {
                throw wrong(field, n, "an object");
            }
            return n;
        }

        String text(JsonNode parent, String field) throws ReplayException {
            JsonNode n = parent.get(field);
            if (n == null || !n.isTextual()) {
                throw wrong(field, n, "a string");
            }
            return n.asText();
        }

        long integer(JsonNode parent, String field) throws ReplayException {
            JsonNode n = parent.get(field);
            if (n == null || !n.canConvertToLong()) {
                throw wrong(field, n, "an integer");
            }
            return n.asLong();
        }

        int count(JsonNode parent, String field) throws ReplayException {
            JsonNode n = parent.get(field);
            if (n == null || !n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > RecordingReader.MAX_STREAM_BYTES) {
                throw wrong(field, n, "a byte count from 0 to " + RecordingReader.MAX_STREAM_BYTES);
            }
            return n.asInt();
        }

        int bounded(JsonNode parent, String field, int min, int max) throws ReplayException {
            JsonNode n = parent.get(field);
            if (n == null || !n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
                throw wrong(field, n, "an integer from " + min + " to " + max);
            }
            return n.asInt();
        }

        long nanos(JsonNode parent, String field) throws ReplayException {
            JsonNode n = parent.get(field);
            // A day is far beyond any recorded gap worth replaying and keeps the nanoseconds in a long.
            if (n == null || !n.isNumber() || !(n.asDouble() >= 0) || n.asDouble() > 86_400_000) {
                throw wrong(field, n, "milliseconds from 0 to 86400000");
            }
            return Math.round(n.asDouble() * NANOS_PER_MILLI);
        }

        byte[] bytes(JsonNode step) throws ReplayException {
            JsonNode text = step.get("text");
            if (text != null && text.isTextual()) {
                return text.asText().getBytes(StandardCharsets.UTF_8);
            }
            return base64(step, "base64");
        }

        byte[] base64(JsonNode parent, String field) throws ReplayException {
            String value = text(parent, field);
            try {
                return Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw wrong(field, parent.get(field), "base64 (" + e.getMessage() + ")");
            }
        }

        List<String> strings(JsonNode parent, String field) throws ReplayException {
            JsonNode n = parent.get(field);
            if (n == null || !n.isArray()) {
                throw wrong(field, n, "an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    throw wrong(field, n, "an array of strings");
                }
                out.add(e.asText());
            }
            return out;
        }
    }
}
