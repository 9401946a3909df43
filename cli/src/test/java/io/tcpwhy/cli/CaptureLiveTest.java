package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCaptureRule;
import io.tcpwhy.capture.RecordedFrames;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tcpwhy capture} as a user runs it, on real loopback sockets: JSON lines readable one
 * by one while the capture runs, Ctrl-C and SIGTERM ending it normally, files that stay valid
 * when the process is killed. Skipped with the reason where capture is impossible, failed in
 * CI ({@link LiveCaptureRule}).
 */
class CaptureLiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CompletableFuture<Integer> startInProcess(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "capture";
        System.arraycopy(args, 0, command, 1, args.length);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> Main.run(new PrintWriter(out), new PrintWriter(err), command));
        waitFor(() -> err.toString().contains("capturing") || run.isDone(), 10_000);
        if (run.isDone() && run.get() == ExitStatus.CAPTURE_UNAVAILABLE) {
            LiveCaptureRule.unavailable(new CaptureUnavailableException(err.toString().strip()));
        }
        return run;
    }

    private static boolean waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    void jsonLines_eachConnectionParsesOnItsOwnWhileTheCaptureRuns() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            CompletableFuture<Integer> run = startInProcess("--port", Integer.toString(port), "--format", "jsonl",
                    "--duration", "8");
            // An orderly close, then a reset: each is a line before the capture ends.
            Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
            int firstPort = client.getLocalPort();
            try (Socket accepted = listener.accept()) {
                client.close();
                assertEquals(-1, accepted.getInputStream().read());
            }
            assertTrue(waitFor(() -> lines().size() >= 1, 3_000), "a line within 3 s of the close: " + out + err);
            assertFalse(run.isDone(), "the capture still runs");
            JsonNode first = JSON.readTree(lines().get(0));
            assertEquals("127.0.0.1:" + firstPort, first.get("client").asText());
            assertEquals("ORDERLY", first.at("/diagnosis/code").asText());

            Socket aborting = new Socket(InetAddress.getLoopbackAddress(), port);
            int secondPort = aborting.getLocalPort();
            try (Socket accepted = listener.accept()) {
                aborting.setSoLinger(true, 0);
                aborting.close();
                assertEquals(-1, readQuietly(accepted.getInputStream()));
            }
            assertTrue(waitFor(() -> lines().size() >= 2, 3_000), "a second line within 3 s of the reset: " + out + err);
            assertFalse(run.isDone(), "the capture still runs");
            JsonNode second = JSON.readTree(lines().get(1));
            assertEquals("127.0.0.1:" + secondPort, second.get("client").asText());
            assertTrue(second.at("/diagnosis/code").asText().startsWith("RST"), second.toString());

            assertEquals(ExitStatus.OK, run.get(20, TimeUnit.SECONDS), err.toString());
            for (String line : lines()) {
                assertTrue(JSON.readTree(line).has("diagnosis"), "stdout holds only connections: " + line);
            }
            assertEquals(2, lines().size(), out.toString());
            assertTrue(err.toString().contains("none dropped"), "statistics on stderr: " + err);
        }
    }

    /** -1 for EOF, and for the reset a client's abortive close makes the server's read see. */
    private static int readQuietly(InputStream in) {
        try {
            return in.read();
        } catch (java.io.IOException reset) {
            return -1;
        }
    }

    /** A capture in a JVM of its own, its stderr collected line by line. */
    private record Child(Process process, List<String> stderr) {
        void awaitCapturing() throws Exception {
            waitFor(() -> stderr.stream().anyMatch(l -> l.startsWith("capturing") || l.startsWith("tcpwhy:"))
                    || !process.isAlive(), 30_000);
            if (stderr.stream().noneMatch(l -> l.startsWith("capturing"))) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                LiveCaptureRule.unavailable(new CaptureUnavailableException(String.join(" ", stderr)));
            }
        }
    }

    private static Child child(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "capture"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        List<String> stderr = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.add(line);
                }
            } catch (java.io.IOException closed) {
                // The child is gone.
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Child(p, stderr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void signal_endsTheCaptureNormallyWithTheSummaryAndExitZero(String signal) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            Child c = child("--port", Integer.toString(port));
            try {
                c.awaitCapturing();
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                     Socket accepted = listener.accept()) {
                    client.getOutputStream().write(1);
                    assertEquals(1, accepted.getInputStream().read());
                }
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(c.process().pid())).start();
                assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
                assertTrue(c.process().waitFor(30, TimeUnit.SECONDS), "the capture ends after SIG" + signal);
                String stdout = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, c.process().exitValue(), "exit 0 after SIG" + signal + "; stderr: " + c.stderr());
                assertTrue(stdout.contains("frames captured"), "the summary is out: " + stdout);
                assertTrue(stdout.contains("127.0.0.1:" + port), "the connection is explained: " + stdout);
            } finally {
                c.process().destroyForcibly();
            }
        }
    }

    @Test
    void sigkill_leavesEveryRotatedFileValid() throws Exception {
        Path out = dir.resolve("ring.pcap");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            Child c = child("--port", Integer.toString(port), "-w", out.toString(), "--rotate-size", "8k", "--keep", "3");
            try {
                c.awaitCapturing();
                // Connections until at least four files were started (three kept), at most 2000.
                for (int i = 0; i < 2000 && countFiles() < 3 || i < 50; i++) {
                    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                         Socket accepted = listener.accept()) {
                        client.getOutputStream().write(new byte[100]);
                        assertEquals(100, accepted.getInputStream().readNBytes(100).length);
                    }
                }
                // Killed in the middle of the traffic: no chance to close anything.
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                     Socket accepted = listener.accept()) {
                    client.getOutputStream().write(new byte[100]);
                    c.process().destroyForcibly();
                    assertTrue(c.process().waitFor(10, TimeUnit.SECONDS));
                }
            } finally {
                c.process().destroyForcibly();
            }
        }
        List<Path> files = visibleFiles();
        assertTrue(files.size() >= 2 && files.size() <= 3, "rotated, at most --keep 3 kept: " + files);
        long segments = 0;
        for (Path f : files) {
            assertTrue(f.getFileName().toString().matches("ring_\\d{6}\\.pcap"), f.toString());
            // libpcap's own reader fails on a record cut short; a whole file reads to its end.
            segments += RecordedFrames.tcpSegments(f).size();
        }
        assertTrue(segments > 0, "frames in the files: " + files);
    }

    private long countFiles() throws Exception {
        return visibleFiles().size();
    }

    private List<Path> visibleFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    @Test
    void keepWithoutOutput_isAUsageError() {
        assertEquals(ExitStatus.USAGE, Main.run(new PrintWriter(out), new PrintWriter(err), "capture", "--keep", "3"));
        assertTrue(err.toString().contains("--rotate-size, --rotate-seconds and --keep need -w OUT"), err.toString());
    }

    @Test
    void rotateSizeBelowTheMinimum_isAUsageErrorSayingTheMinimum() {
        assertEquals(ExitStatus.USAGE, Main.run(new PrintWriter(out), new PrintWriter(err), "capture", "-w",
                dir.resolve("x.pcap").toString(), "--rotate-size", "100"));
        assertTrue(err.toString().contains("rotate size 100 bytes (expected at least 4096)"), err.toString());
    }

    @Test
    void filterFromPortsHostsAndExpression_isOneTcpdumpExpression() {
        CaptureCommand c = new CaptureCommand();
        c.ports = List.of(8081, 8082);
        c.hosts = List.of("10.0.0.5");
        c.expression = List.of("not", "src", "port", "22");
        assertEquals("tcp and (port 8081 or port 8082) and host 10.0.0.5 and (not src port 22)", c.filter());
    }
}
