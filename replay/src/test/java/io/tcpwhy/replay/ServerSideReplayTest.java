package io.tcpwhy.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.capture.LiveCaptureRule;
import io.tcpwhy.model.Side;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --as server}: the server side of a sample is replayed to a real java.net client that
 * makes the recorded client's calls, and that client must observe what the recorded client
 * observed (the calls and results in samples/NAME.json).
 */
class ServerSideReplayTest {

    private static final byte[] REQUEST = "GET /status\n".getBytes(StandardCharsets.US_ASCII);
    /** The client_read_deadline client's read deadline: shorter than the recorded 1 s, the same story. */
    private static final int READ_DEADLINE_MILLIS = 300;
    private static final long CLIENT_SECONDS = 20;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"orderly_close", "half_close", "server_read_deadline", "client_read_deadline",
        "write_after_peer_close", "close_wait_leak"})
    void theClientObservesWhatTheRecordedClientObserved(String name) throws Exception {
        Script script = ScriptBuilder.build(RecordingReader.read(Samples.pcap(name),
                RecordingReader.Selection.of(null, null, null)), Side.SERVER, name + ".pcap");
        CompletableFuture<List<String>> observed = new CompletableFuture<>();
        Replay.Options options = Replay.Options.server(0, port -> {
            Thread client = new Thread(() -> {
                try {
                    observed.complete(runClient(name, port));
                } catch (IOException | RuntimeException e) {
                    observed.completeExceptionally(e);
                }
            }, "recorded-client");
            client.setDaemon(true);
            client.start();
        }).withClock(new FakeClock());
        ReplayResult result = LiveCaptureRule.live(() -> Replay.run(script, options));
        assertEquals(recordedClientCalls(name), observed.get(CLIENT_SECONDS, TimeUnit.SECONDS), result.log().toString());
        assertTrue(result.sameEnding(), "the replay ended like the original: " + result.rows());
    }

    /**
     * The recorded client's program (lab Scenarios.java), reporting each call's result. Its
     * socket is a SocketChannel's, as the lab's C/Go-style clients (lab Conn): its close is one
     * close(2). A plain java.net.Socket shuts the output down first and closes the descriptor
     * after; a replayed server that answers the FIN at once can land its data and FIN in
     * between, and the client then ends in TIME_WAIT without the recorded RST (seen once in CI).
     */
    private static List<String> runClient(String name, int port) throws IOException {
        List<String> calls = new ArrayList<>();
        try (Socket s = SocketChannel.open().socket()) {
            s.connect(new InetSocketAddress(RecordedServers.LOOPBACK, port), 10_000);
            calls.add("connect OK");
            switch (name) {
                case "orderly_close" -> {
                    calls.add(write(s));
                    calls.add(read(s));
                }
                case "half_close" -> {
                    calls.add(write(s));
                    s.shutdownOutput();
                    calls.add(read(s));
                    calls.add(read(s));
                }
                case "server_read_deadline" -> calls.add(read(s));
                case "client_read_deadline" -> {
                    calls.add(write(s));
                    s.setSoTimeout(READ_DEADLINE_MILLIS);
                    calls.add(read(s));
                }
                case "write_after_peer_close", "close_wait_leak" -> { }
                default -> throw new IllegalArgumentException("no recorded client for " + name);
            }
        }
        return calls;
    }

    private static String write(Socket s) {
        try {
            s.getOutputStream().write(REQUEST);
            return "write OK";
        } catch (IOException e) {
            return "write " + errno(e);
        }
    }

    private static String read(Socket s) {
        try {
            return s.getInputStream().read(new byte[4096]) < 0 ? "read EOF" : "read OK";
        } catch (SocketTimeoutException e) {
            return "read ETIMEDOUT";
        } catch (IOException e) {
            return "read " + errno(e);
        }
    }

    private static String errno(IOException e) {
        String m = String.valueOf(e.getMessage());
        return e instanceof SocketException && m.contains("reset") ? "ECONNRESET"
                : m.contains("Broken pipe") ? "EPIPE" : m;
    }

    private static List<String> recordedClientCalls(String name) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Samples.DIR.resolve(name + ".json").toFile());
        List<String> calls = new ArrayList<>();
        for (JsonNode o : root.get("connections").get(0).get("observed")) {
            if (o.get("side").asText().equals("client")) {
                calls.add(o.get("call").asText() + " " + o.get("result").asText());
            }
        }
        return calls;
    }
}
