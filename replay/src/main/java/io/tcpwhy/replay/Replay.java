package io.tcpwhy.replay;

import io.tcpwhy.capture.CaptureOptions;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCapture;
import io.tcpwhy.model.Side;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import jdk.net.ExtendedSocketOptions;

/**
 * Plays a {@link Script} over real kernel sockets while a live capture records the
 * conversation, then analyzes that capture and sets the replay's ending beside the
 * original's.
 *
 * <pre>{@code
 * Script script = ScriptBuilder.build(RecordingReader.read(pcap, selection), Side.CLIENT, "ticket.pcap");
 * ReplayResult result = Replay.run(script, Replay.Options.client(new InetSocketAddress("127.0.0.1", 8080)));
 * }</pre>
 */
public final class Replay {

    /** After the played side's ending, the peer is watched this much longer than the recording watched it. */
    static final long OBSERVE_MARGIN_MILLIS = 500;
    /** The longest the peer is watched after the ending unless --observe says otherwise. */
    static final long MAX_OBSERVE_MILLIS = 30_000;
    private static final long OBSERVE_POLL_MILLIS = 5;

    private Replay() {
    }

    /**
     * How to run a replay.
     *
     * @param target            where the client connects (client side)
     * @param listenPort        where the server listens, 0 for any free port (server side)
     * @param timing            the pacing
     * @param waitTimeoutMillis how long a wait for the peer's bytes, EOF or connect lasts
     * @param acceptTimeoutMillis how long the server waits for its client
     * @param observeMillis     how long the peer is watched after the ending; negative: the recorded tail + a margin
     * @param interfaceName     the interface the live capture records on
     * @param liveCapture       where to keep the live capture, or null for a temporary file
     * @param clock             the clock that paces
     * @param listening         told the listening port before the server accepts (to start a client under test)
     */
    public record Options(InetSocketAddress target, int listenPort, Timing timing, int waitTimeoutMillis,
                          int acceptTimeoutMillis, long observeMillis, String interfaceName, Path liveCapture,
                          ReplayClock clock, IntConsumer listening) {

        public static Options client(InetSocketAddress target) {
            return new Options(target, 0, Timing.AS_RECORDED, 10_000, 60_000, -1, CaptureOptions.LOOPBACK, null,
                    ReplayClock.SYSTEM, port -> { });
        }

        public static Options server(int listenPort, IntConsumer listening) {
            return new Options(null, listenPort, Timing.AS_RECORDED, 10_000, 60_000, -1, CaptureOptions.LOOPBACK,
                    null, ReplayClock.SYSTEM, listening);
        }

        public Options withTiming(Timing t) {
            return new Options(target, listenPort, t, waitTimeoutMillis, acceptTimeoutMillis, observeMillis,
                    interfaceName, liveCapture, clock, listening);
        }

        public Options withClock(ReplayClock c) {
            return new Options(target, listenPort, timing, waitTimeoutMillis, acceptTimeoutMillis, observeMillis,
                    interfaceName, liveCapture, c, listening);
        }

        public Options withTimeouts(int waitMillis, int acceptMillis, long observe) {
            return new Options(target, listenPort, timing, waitMillis, acceptMillis, observe, interfaceName,
                    liveCapture, clock, listening);
        }

        public Options withCapture(String iface, Path file) {
            return new Options(target, listenPort, timing, waitTimeoutMillis, acceptTimeoutMillis, observeMillis,
                    iface, file, clock, listening);
        }
    }

    /**
     * @throws CaptureUnavailableException the live capture cannot run here (no libpcap, not root)
     * @throws IOException                 the listening port cannot be bound, or the live capture cannot be read back
     */
    public static ReplayResult run(Script script, Options o)
            throws CaptureUnavailableException, IOException, InterruptedException {
        boolean asClient = script.played() == Side.CLIENT;
        if (asClient && o.target() == null || !asClient && o.listenPort() < 0) {
            throw new IllegalArgumentException("the client needs a target, the server a listen port");
        }
        Path file = o.liveCapture() != null ? o.liveCapture() : Files.createTempFile("tcpwhy-replay-", ".pcap");
        try {
            return replay(script, o, file);
        } finally {
            if (o.liveCapture() == null) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static ReplayResult replay(Script script, Options o, Path file)
            throws CaptureUnavailableException, IOException, InterruptedException {
        boolean asClient = script.played() == Side.CLIENT;
        List<String> notes = new ArrayList<>();
        if (script.startsWithTls()) {
            notes.add("the client's first bytes are a TLS ClientHello: they are replayed as recorded, so only a"
                    + " target that expects these very bytes answers as the original did");
        }
        EndWatcher watcher = new EndWatcher();
        ServerSocket listener = null;
        Socket channel = null;
        Player player = new Player(o.clock(), o.timing(), o.waitTimeoutMillis());
        List<String> log = new ArrayList<>();
        int ownPort;
        try {
            int capturedPort;
            if (asClient) {
                channel = javaSocketClose(script) ? new Socket() : SocketChannel.open().socket();
                // Bound before connecting, so the replay's port is known even when the connect fails.
                channel.bind(new InetSocketAddress(o.target().getAddress().isLoopbackAddress()
                        ? o.target().getAddress() : null, 0));
                ownPort = channel.getLocalPort();
                capturedPort = o.target().getPort();
                keepAlive(channel, script.keepAlive(), notes);
            } else {
                listener = javaSocketClose(script) ? new ServerSocket() : ServerSocketChannel.open().socket();
                listener.setReuseAddress(true);
                listener.bind(new InetSocketAddress(o.listenPort()));
                capturedPort = listener.getLocalPort();
                ownPort = -1;
            }
            watcher.watchPort(ownPort);
            try (LiveCapture capture = LiveCapture.start(
                    CaptureOptions.loopback(CaptureOptions.tcpPortFilter(capturedPort), file)
                            .withInterface(o.interfaceName()), watcher)) {
                long start;
                boolean connected;
                if (asClient) {
                    start = o.clock().nanoTime();
                    connected = connect(channel, o, script, log);
                } else {
                    o.listening().accept(capturedPort);
                    channel = accept(listener, o, log);
                    connected = channel != null;
                    if (connected) {
                        ownPort = channel.getPort();
                        watcher.watchPort(ownPort);
                        keepAlive(channel, script.keepAlive(), notes);
                    }
                    start = o.clock().nanoTime();
                }
                if (connected) {
                    player.play(script, channel, start);
                    log.addAll(player.log());
                }
                watcher.awaitEnd(observeMillis(script, o));
                capture.stop();
            }
        } finally {
            closeQuietly(channel);
            closeQuietly(listener);
        }
        return analyze(script, file, ownPort, log, notes);
    }

    /**
     * Turns the recorded keep-alive on: SO_KEEPALIVE with Linux's TCP_KEEPIDLE, TCP_KEEPINTVL and
     * TCP_KEEPCNT (jdk.net.ExtendedSocketOptions). Where the platform lacks them, a note says so
     * and the kernel's defaults probe.
     */
    static void keepAlive(Socket socket, KeepAlive k, List<String> notes) throws IOException {
        if (k == null) {
            return;
        }
        socket.setKeepAlive(true);
        try {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, k.idleSeconds());
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, k.intervalSeconds());
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, k.probes());
        } catch (UnsupportedOperationException e) {
            notes.add("keep-alive is on with the system's timers: this platform cannot set them (" + e.getMessage()
                    + "), so the recorded " + k.idleSeconds() + " s / " + k.intervalSeconds() + " s / " + k.probes()
                    + " probes are not replayed");
        }
    }

    private static boolean connect(Socket socket, Options o, Script script, List<String> log) {
        String where = o.target().getAddress().getHostAddress() + ":" + o.target().getPort();
        long timeout = script.handshake() == Script.Handshake.UNANSWERED || script.handshake() == Script.Handshake.GAVE_UP
                ? TimeUnit.NANOSECONDS.toMillis(script.connectTimeoutNanos()) : o.waitTimeoutMillis();
        try {
            socket.connect(o.target(), (int) Math.min(Integer.MAX_VALUE, timeout));
            log.add(String.format(Locale.ROOT, "%8.3f s  connect %s: OK", 0.0, where));
            return true;
        } catch (SocketTimeoutException e) {
            log.add(String.format(Locale.ROOT, "%8.3f s  connect %s: timed out after %d ms", 0.0, where, timeout));
        } catch (IOException e) {
            log.add(String.format(Locale.ROOT, "%8.3f s  connect %s: %s", 0.0, where, Player.reason(e)));
        }
        return false;
    }

    private static Socket accept(ServerSocket listener, Options o, List<String> log) throws IOException {
        listener.setSoTimeout(o.acceptTimeoutMillis());
        try {
            Socket s = listener.accept();
            log.add(String.format(Locale.ROOT, "%8.3f s  accept from %s: OK", 0.0, s.getRemoteSocketAddress()));
            return s;
        } catch (SocketTimeoutException e) {
            log.add(String.format(Locale.ROOT, "%8.3f s  accept: no client within %d ms", 0.0, o.acceptTimeoutMillis()));
            return null;
        }
    }

    /**
     * Which socket plays: a plain java.net.Socket where the recorded side closed as it does
     * (FIN, then RST for the unread bytes: since JDK 13 its close shuts the output down
     * first), else a channel's socket, whose close with unread bytes sends the RST alone as C
     * and Go do.
     */
    static boolean javaSocketClose(Script script) {
        return script.ending() == Ending.SHUTDOWN_THEN_CLOSE_UNREAD;
    }

    static long observeMillis(Script script, Options o) {
        if (o.observeMillis() >= 0) {
            return o.observeMillis();
        }
        return Math.min(MAX_OBSERVE_MILLIS, TimeUnit.NANOSECONDS.toMillis(script.tailNanos()) + OBSERVE_MARGIN_MILLIS);
    }

    private static ReplayResult analyze(Script script, Path file, int ownPort, List<String> log, List<String> notes)
            throws IOException {
        if (ownPort < 0) {
            notes.add("no connection was made, so nothing of the replay is on the wire");
            return new ReplayResult(script, log, null, new byte[0], new byte[0], notes);
        }
        try {
            Recording live = RecordingReader.read(file, RecordingReader.Selection.lastWithPort(ownPort));
            Side played = script.played();
            return new ReplayResult(script, log, Summary.of(live), live.payload(played), live.payload(played.opposite()),
                    notes);
        } catch (ReplayException e) {
            notes.add("the live capture holds no usable record of the replay: " + e.getMessage());
            return new ReplayResult(script, log, null, new byte[0], new byte[0], notes);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Reset or closed already: nothing to release.
            }
        }
    }

    /** Sleeps (real time) until the watcher saw the connection end or {@code millis} passed. */
    static void sleepUntilEnded(EndWatcher watcher, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!watcher.ended() && System.nanoTime() < deadline) {
            Thread.sleep(OBSERVE_POLL_MILLIS);
        }
    }
}
