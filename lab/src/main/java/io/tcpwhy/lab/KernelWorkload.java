package io.tcpwhy.lab;

import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.capture.CaptureOptions;
import io.tcpwhy.capture.CaptureStatistics;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCapture;
import io.tcpwhy.capture.PacketListener;
import io.tcpwhy.kernel.KernelCheck;
import io.tcpwhy.kernel.KernelEvent;
import io.tcpwhy.kernel.KernelEventType;
import io.tcpwhy.kernel.KernelEvents;
import io.tcpwhy.kernel.KernelStatistics;
import io.tcpwhy.kernel.KernelUnavailableException;
import io.tcpwhy.model.ConnectionReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The kernel-verified workload: many loopback connections, each ending in one of the close
 * styles below in a seeded random order, captured on the wire and in the kernel's events at
 * once; the capture is then analyzed and every connection held to the kernel
 * ({@link KernelCheck}). Every client has a source address of its own (127.77.X.Y), so no
 * socket pair is ever reused and each pair is one connection's life.
 */
public final class KernelWorkload {

    /** Connections at most: one source address each in 127.77.0.0/16. */
    public static final int MAX_CONNECTIONS = 250 * 250;
    /** Connections played at once. */
    static final int PARALLEL = 1;
    /**
     * A pause after each connection: without it the live capture, sharing the CPU with the
     * workload, drops frames (measured here: 10118 of 13752 at full speed).
     */
    static final int PACE_MILLIS = 10;
    /** Any one socket call waits at most this long, so nothing hangs. */
    static final int CALL_TIMEOUT_MILLIS = 2_000;
    /** The whole workload stops after this long, finished or not. */
    static final long DEADLINE_SECONDS = 300;
    /** Frames still in flight when the last script returns reach the capture within this. */
    static final int SETTLE_MILLIS = 300;
    private static final byte[] REQUEST = "GET /status\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLY = "200 OK\n".getBytes(StandardCharsets.US_ASCII);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** How a connection of the workload ends. */
    public enum CloseStyle {
        /** Request, reply, the client closes, the server reads EOF and closes. */
        ORDERLY,
        /** The server greets and closes first; the client reads EOF and closes. */
        SERVER_CLOSES_FIRST,
        /** The client shuts its output down, the server answers and closes. */
        HALF_CLOSE,
        /** The client closes C-style with the greeting unread: RST. */
        UNREAD_DATA,
        /** The same with a java.net.Socket: FIN, then RST. */
        JAVA_UNREAD_DATA,
        /** The client closes with SO_LINGER 0 after a request: RST with nothing unread. */
        LINGER_ZERO,
        /** The client closes; the server writes twice: RST, then broken pipe. */
        WRITE_AFTER_CLOSE,
        /** Nothing listens on the port: RST to the SYN. */
        REFUSED
    }

    /**
     * What the workload did and how the analyzer fared against the kernel.
     *
     * @param scriptFailures connections whose script went otherwise than planned (not a verdict
     *                       on the analyzer: the kernel check covers them all the same)
     * @param strayResets    RSTs the kernel sent on the workload's ports for socket pairs the
     *                       analyzer reported no connection for
     */
    public record Result(int connections, Map<CloseStyle, Integer> styles, List<String> scriptFailures,
                         CaptureStatistics capture, KernelStatistics kernel, List<KernelCheck.ConnectionCheck> checks,
                         List<String> strayResets, long elapsedMillis) {

        public long compared(KernelCheck.Aspect aspect) {
            return checks.stream().flatMap(c -> c.findings().stream()).filter(f -> f.aspect() == aspect).count();
        }

        public long agreed(KernelCheck.Aspect aspect) {
            return checks.stream().flatMap(c -> c.findings().stream())
                    .filter(f -> f.aspect() == aspect && f.agrees()).count();
        }

        public List<String> disagreements() {
            List<String> all = new ArrayList<>();
            checks.forEach(c -> all.addAll(c.describeDisagreements()));
            strayResets.forEach(s -> all.add("reset: kernel sent " + s + "; analyzer reported no such connection"));
            return all;
        }
    }

    private KernelWorkload() {
    }

    /**
     * Plays {@code connections} connections with random close styles from {@code seed}, writing
     * {@code outDir/verify.pcap} and {@code outDir/verify.kernel.json}.
     */
    public static Result run(int connections, long seed, Path outDir)
            throws CaptureUnavailableException, KernelUnavailableException, IOException, ScenarioException {
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections " + connections + " out of range (expected 1 to "
                    + MAX_CONNECTIONS + ")");
        }
        Files.createDirectories(outDir);
        long started = System.nanoTime();
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            closedPort = probe.getLocalPort();
        }
        Random random = new Random(seed);
        List<CloseStyle> plan = new ArrayList<>();
        Map<CloseStyle, Integer> styles = new EnumMap<>(CloseStyle.class);
        for (int i = 0; i < connections; i++) {
            CloseStyle s = CloseStyle.values()[random.nextInt(CloseStyle.values().length)];
            plan.add(s);
            styles.merge(s, 1, Integer::sum);
        }
        List<KernelEvent> events = new CopyOnWriteArrayList<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Path pcap = outDir.resolve("verify.pcap");
        try (ServerSocket listener = new ServerSocket(0, connections, LOOPBACK)) {
            int port = listener.getLocalPort();
            KernelEvents kernel = KernelEvents.start(Set.of(port, closedPort), events::add);
            LiveCapture capture;
            try {
                capture = LiveCapture.start(CaptureOptions.loopback(CaptureOptions.tcpPortFilter(port) + " or "
                        + CaptureOptions.tcpPortFilter(closedPort), pcap), PacketListener.NONE);
            } catch (CaptureUnavailableException e) {
                kernel.stop();
                throw e;
            }
            CaptureStatistics captureStats;
            KernelStatistics kernelStats;
            Acceptor acceptor = new Acceptor(listener);
            Thread acceptThread = new Thread(acceptor, "tcpwhy-workload-accept");
            acceptThread.setDaemon(true);
            acceptThread.start();
            ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
            try {
                for (int i = 0; i < connections; i++) {
                    int n = i;
                    CloseStyle style = plan.get(i);
                    pool.execute(() -> {
                        try {
                            play(style, source(n), port, closedPort, acceptor);
                            Thread.sleep(PACE_MILLIS);
                        } catch (Exception e) {
                            failures.add("connection " + n + " (" + style + "): " + e);
                        }
                    });
                }
                pool.shutdown();
                if (!pool.awaitTermination(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                    failures.add("the workload passed its " + DEADLINE_SECONDS + " s deadline; the rest was not played");
                }
                Thread.sleep(SETTLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
                throw new ScenarioException("verify: interrupted", e);
            } finally {
                acceptor.stop();
                try {
                    captureStats = capture.stop();
                } finally {
                    kernelStats = kernel.stop();
                }
            }
            new KernelRecord("verify", "", KernelRecord.runningRelease(), kernelStats, events)
                    .write(outDir.resolve("verify.kernel.json"));
            List<ConnectionReport> reports = new ArrayList<>();
            new Analyzer().analyze(pcap, 1, reports::add, ProgressListener.NONE);
            List<KernelCheck.ConnectionCheck> checks = new ArrayList<>();
            Set<String> pairs = ConcurrentHashMap.newKeySet();
            for (ConnectionReport r : reports) {
                checks.add(KernelCheck.check(r, events));
                pairs.add(r.client() + " " + r.server());
                pairs.add(r.server() + " " + r.client());
            }
            List<String> stray = events.stream().filter(e -> e.type() == KernelEventType.SEND_RESET)
                    .filter(e -> !pairs.contains(e.local() + " " + e.remote())).map(KernelEvent::brief).toList();
            return new Result(connections, styles, List.copyOf(failures), captureStats, kernelStats, checks, stray,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** 127.77.X.Y, a source address of connection {@code n}'s own. */
    private static InetAddress source(int n) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 77, (byte) (n / 250), (byte) (n % 250 + 1)});
    }

    /** Hands each accepted socket to the script that waits for its client. */
    private static final class Acceptor implements Runnable {
        private static final int POLL_MILLIS = 100;
        private final ServerSocket listener;
        private final Map<InetSocketAddress, CompletableFuture<Socket>> waiting = new ConcurrentHashMap<>();
        private volatile boolean stopped;

        Acceptor(ServerSocket listener) {
            this.listener = listener;
        }

        CompletableFuture<Socket> expect(InetSocketAddress client) {
            return waiting.computeIfAbsent(client, k -> new CompletableFuture<>());
        }

        @Override
        public void run() {
            try {
                listener.setSoTimeout(POLL_MILLIS);
            } catch (IOException e) {
                return;
            }
            while (!stopped) {
                try {
                    Socket s = listener.accept();
                    expect((InetSocketAddress) s.getRemoteSocketAddress()).complete(s);
                } catch (SocketTimeoutException e) {
                    // Look at the stop flag again.
                } catch (IOException e) {
                    return;
                }
            }
        }

        void stop() {
            stopped = true;
        }
    }

    private static void play(CloseStyle style, InetAddress from, int port, int closedPort, Acceptor acceptor)
            throws Exception {
        Socket c = style == CloseStyle.JAVA_UNREAD_DATA ? new Socket() : SocketChannel.open().socket();
        try {
            c.bind(new InetSocketAddress(from, 0));
            c.setSoTimeout(CALL_TIMEOUT_MILLIS);
            if (style == CloseStyle.REFUSED) {
                try {
                    c.connect(new InetSocketAddress(LOOPBACK, closedPort), CALL_TIMEOUT_MILLIS);
                    throw new IllegalStateException("connect to a closed port succeeded");
                } catch (java.net.ConnectException expected) {
                    return;
                }
            }
            CompletableFuture<Socket> accepted = acceptor.expect((InetSocketAddress) c.getLocalSocketAddress());
            c.connect(new InetSocketAddress(LOOPBACK, port), CALL_TIMEOUT_MILLIS);
            try (Socket s = accepted.get(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                s.setSoTimeout(CALL_TIMEOUT_MILLIS);
                script(style, c, s);
            }
        } finally {
            c.close();
        }
    }

    private static void script(CloseStyle style, Socket c, Socket s) throws IOException {
        switch (style) {
            case ORDERLY -> {
                c.getOutputStream().write(REQUEST);
                readSome(s);
                s.getOutputStream().write(REPLY);
                readSome(c);
                c.close();
                expectEof(s);
            }
            case SERVER_CLOSES_FIRST -> {
                s.getOutputStream().write(REPLY);
                readSome(c);
                s.close();
                expectEof(c);
            }
            case HALF_CLOSE -> {
                c.getOutputStream().write(REQUEST);
                c.shutdownOutput();
                readSome(s);
                expectEof(s);
                s.getOutputStream().write(REPLY);
                s.close();
                readSome(c);
                expectEof(c);
            }
            case UNREAD_DATA, JAVA_UNREAD_DATA -> {
                s.getOutputStream().write(REPLY);
                waitForData(c);
                c.close();
                expectFailureOrEof(s);
            }
            case LINGER_ZERO -> {
                c.getOutputStream().write(REQUEST);
                readSome(s);
                c.setSoLinger(true, 0);
                c.close();
                expectFailureOrEof(s);
            }
            case WRITE_AFTER_CLOSE -> {
                c.close();
                expectEof(s);
                s.getOutputStream().write(REPLY);
                try {
                    s.getOutputStream().write(REPLY);
                } catch (IOException expected) {
                    // Broken pipe: the RST the first write drew came back.
                }
            }
            case REFUSED -> throw new IllegalStateException("REFUSED has no accepted socket");
        }
    }

    private static void readSome(Socket s) throws IOException {
        if (s.getInputStream().read(new byte[256]) <= 0) {
            throw new IOException("expected data, read EOF");
        }
    }

    private static void expectEof(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[256];
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                return;
            }
        }
    }

    private static void expectFailureOrEof(Socket s) {
        try {
            expectEof(s);
        } catch (IOException expected) {
            // Connection reset: what these styles produce.
        }
    }

    /** Waits until {@code s} has received something, so closing it leaves data unread. */
    private static void waitForData(Socket s) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CALL_TIMEOUT_MILLIS);
        while (s.getInputStream().available() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no data arrived within " + CALL_TIMEOUT_MILLIS + " ms");
            }
            Thread.onSpinWait();
        }
    }
}
