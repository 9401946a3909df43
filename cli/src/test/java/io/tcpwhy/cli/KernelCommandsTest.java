package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCaptureRule;
import io.tcpwhy.kernel.KernelRule;
import io.tcpwhy.kernel.KernelUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capture --kernel} and {@code scenario verify} live. Need root, libpcap and tracefs;
 * see LiveCaptureRule and KernelRule.
 */
class KernelCommandsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int tcpwhy(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private void skipIfUnavailable(int status) {
        if (status == ExitStatus.CAPTURE_UNAVAILABLE) {
            String line = err.toString().strip();
            if (line.contains("kernel") || line.contains("tracefs") || line.contains("tracing")) {
                KernelRule.unavailable(new KernelUnavailableException(line));
            }
            LiveCaptureRule.unavailable(new CaptureUnavailableException(line));
        }
    }

    @Test
    void captureKernel_jsonCarriesTheResetReasonTheErrnoAndTheOwnerOfACloseWaitLeak() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, LOOPBACK)) {
            int port = listener.getLocalPort();
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> tcpwhy("capture", "--kernel",
                    "--port", Integer.toString(port), "--format", "json", "--duration", "2"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!err.toString().contains("capturing") && !run.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (run.isDone()) {
                skipIfUnavailable(run.get());
            }
            if (err.toString().contains("--kernel:")) {
                run.get(10, TimeUnit.SECONDS);
                KernelRule.unavailable(new KernelUnavailableException(err.toString().strip()));
            }
            // A close with unread data, C-style: RST alone.
            Socket unread = SocketChannel.open().socket();
            unread.connect(new InetSocketAddress(LOOPBACK, port));
            int unreadPort = unread.getLocalPort();
            Socket leak = null;
            Socket leakServer = null;
            try (Socket server = listener.accept()) {
                server.getOutputStream().write("greeting\n".getBytes());
                Thread.sleep(50);
                unread.close();
                Thread.sleep(50);
                // A CLOSE_WAIT leak: the server reads EOF and keeps its socket open past the capture.
                leak = new Socket(LOOPBACK, port);
                leakServer = listener.accept();
                leak.close();
                assertEquals(-1, leakServer.getInputStream().read());
                assertEquals(ExitStatus.OK, run.get(15, TimeUnit.SECONDS), err.toString());
            } finally {
                unread.close();
                if (leakServer != null) {
                    leakServer.close();
                }
            }
            JsonNode doc = new ObjectMapper().readTree(out.toString().substring(0, out.toString().lastIndexOf('}') + 1));
            long me = ProcessHandle.current().pid();
            JsonNode resetConn = connection(doc, "127.0.0.1:" + unreadPort);
            JsonNode k = resetConn.get("kernel");
            assertEquals("TCP_ABORT_ON_CLOSE", k.get("resets").get(0).get("reason").asText(), k.toString());
            assertEquals("client", k.get("resets").get(0).get("from").asText());
            assertTrue(k.get("resets").get(0).get("frame").asLong() > 0, "the RST is placed at its frame: " + k);
            assertEquals(104, k.get("errors").get(0).get("errno").asInt(), k.toString());
            assertEquals("server", k.get("errors").get(0).get("side").asText());
            assertEquals(me, k.get("owners").get("client").get("pid").asLong(), "this JVM owned the client: " + k);
            assertEquals(0, k.get("disagreements").size(), k.toString());
            JsonNode leakConn = connection(doc, "127.0.0.1:" + leak.getLocalPort());
            JsonNode lk = leakConn.get("kernel");
            assertTrue(lk.get("states").toString().contains("\"to\":\"TCP_CLOSE_WAIT\""), lk.toString());
            assertEquals(me, lk.get("owners").get("server").get("pid").asLong(), "this JVM owns the leaking socket: " + lk);
        }
    }

    private static JsonNode connection(JsonNode doc, String client) {
        for (JsonNode c : doc.get("connections")) {
            if (c.get("client").asText().equals(client)) {
                return c;
            }
        }
        throw new AssertionError("no connection from " + client + " in " + doc);
    }

    @Test
    void scenarioVerify_reportsTheAgreementPerAspectAndWritesBothRecords() throws Exception {
        int status = tcpwhy("scenario", "verify", "--connections", "40", "--seed", "7", "--out", dir.toString());
        skipIfUnavailable(status);
        String report = out.toString();
        assertTrue(status == ExitStatus.OK || status == ExitStatus.FAIL_ON_MATCHED, status + ": " + err + report);
        assertTrue(report.startsWith("verify: 40 connections, seed 7, in "), report);
        assertTrue(report.contains("none dropped"), report);
        assertTrue(report.contains("connections analyzed: 40"), report);
        Matcher resets = Pattern.compile("reset +(\\d+) of (\\d+) as the kernel says").matcher(report);
        assertTrue(resets.find(), report);
        assertTrue(Integer.parseInt(resets.group(2)) > 0, "RSTs were compared: " + report);
        Set<String> raced = lockRaceConnections(report);
        assertTrue(raced.size() <= MAX_LOCK_RACES, "the race is rare: " + report);
        assertTrue(Integer.parseInt(resets.group(1)) >= Integer.parseInt(resets.group(2)) - raced.size(),
                "every RST explained the way the kernel says, but for the lock race: " + report);
        for (String line : report.split("\n")) {
            Matcher d = DISAGREEMENT.matcher(line);
            if (d.find()) {
                assertTrue(raced.contains(d.group(1)), "only the lock race may disagree: " + line + "\n" + report);
            }
        }
        assertTrue(report.contains("agreement: "), report);
        assertEquals(status == ExitStatus.FAIL_ON_MATCHED, report.contains("disagreements ("), report);
        assertTrue(Files.size(dir.resolve("verify.pcap")) > 0);
        assertTrue(Files.readString(dir.resolve("verify.kernel.json")).contains("\"available\" : true"));
    }

    /** A listed disagreement: {@code #ID CLIENT -> SERVER ASPECT: ...}. */
    private static final Pattern DISAGREEMENT = Pattern.compile("^  (#\\d+) \\S+ -> \\S+ (reset|states|error): ");
    /**
     * The race docs/kernel.md describes (a Java close with unread data whose peer's ACK of the
     * FIN is queued behind the closing thread's lock): the kernel's socket never is in
     * FIN_WAIT_2, although the wire shows the ACK before the RST, and its RST is then sent for
     * no socket. Seen about once in 2000 connections, more often on a busy machine.
     */
    private static final Pattern LOCK_RACE = Pattern.compile(
            "^  (#\\d+) \\S+ -> \\S+ states: kernel says client \\[SYN_SENT, ESTABLISHED, FIN_WAIT_1, CLOSED\\]; "
                    + "analyzer says client \\[SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSED\\]$");
    /** At most this many of the 40 connections may meet the race before the test calls it a fault. */
    private static final int MAX_LOCK_RACES = 2;

    /** The connections whose state disagreement is exactly the lock race's. */
    private static Set<String> lockRaceConnections(String report) {
        Set<String> ids = new HashSet<>();
        for (String line : report.split("\n")) {
            Matcher m = LOCK_RACE.matcher(line);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    @Test
    void scenarioVerify_connectionsOutOfRange_isAUsageError() {
        assertEquals(ExitStatus.USAGE, tcpwhy("scenario", "verify", "--connections", "0"));
        assertTrue(err.toString().contains("--connections 0 out of range (expected 1 to 62500)"), err.toString());
    }
}
