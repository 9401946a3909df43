package io.tcpwhy.lab;

import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.TcpState;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Where a scenario plays: the loopback port under capture, its listener (if any), the
 * connections opened so far, a server thread, and named signals the two sides wait on so that
 * the order of events is fixed by the script and not by the scheduler.
 */
final class Stage {

    /** No step of any scenario waits longer than this; a longer wait means the script is broken. */
    static final long STEP_TIMEOUT_SECONDS = 15;

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String scenario;
    private final ServerSocket listener;
    private final int port;
    private final LongSupplier capturedFrames;
    private final List<Conn> connections = new ArrayList<>();
    private final List<FutureTask<Void>> serverSide = new ArrayList<>();
    private final Map<String, CountDownLatch> signals = new ConcurrentHashMap<>();
    private final List<Closeable> leftovers = new ArrayList<>();
    private final Object callOrder = new Object();

    Stage(String scenario, ServerSocket listener, int port, LongSupplier capturedFrames) {
        this.scenario = scenario;
        this.listener = listener;
        this.port = port;
        this.capturedFrames = capturedFrames;
    }

    String scenario() {
        return scenario;
    }

    int port() {
        return port;
    }

    ServerSocket listener() {
        if (listener == null) {
            throw new IllegalStateException(scenario + ": the script has no listener");
        }
        return listener;
    }

    long capturedFrames() {
        return capturedFrames.getAsLong();
    }

    /** A new connection whose client socket is bound, not yet connected. */
    synchronized Conn connection(DiagnosisCode expected, TcpState clientState, TcpState serverState) throws IOException {
        return connection(Conn.ClientKind.JAVA_SOCKET, expected, clientState, serverState);
    }

    /** A new connection whose client closes like C or Go: RST alone when data is unread (see {@link Conn.ClientKind}). */
    synchronized Conn connection(Conn.ClientKind kind, DiagnosisCode expected, TcpState clientState,
                                 TcpState serverState) throws IOException {
        Conn c = new Conn(this, kind, expected, clientState, serverState);
        connections.add(c);
        return c;
    }

    synchronized List<Conn> connections() {
        return List.copyOf(connections);
    }

    /** Runs {@code side} on its own thread: the server program. {@link #finish()} waits for it. */
    synchronized void server(Script side) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            side.run();
            return null;
        });
        Thread t = new Thread(task, "tcpwhy-lab-" + scenario + "-server");
        t.setDaemon(true);
        serverSide.add(task);
        t.start();
    }

    void signal(String name) {
        latch(name).countDown();
    }

    void await(String name) throws ScenarioException, InterruptedException {
        if (!latch(name).await(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new ScenarioException(scenario + ": waited " + STEP_TIMEOUT_SECONDS + " s for '" + name
                    + "' (expected the other side to get there at once)");
        }
    }

    private CountDownLatch latch(String name) {
        return signals.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    /** Lets the kernel finish what a call set off (an ACK, a RST) before the next step. */
    static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** Keeps {@code c} open until the capture has stopped; closed by {@link #cleanUp()}. */
    synchronized void keepUntilCleanUp(Closeable c) {
        leftovers.add(c);
    }

    Object callOrder() {
        return callOrder;
    }

    /** Waits for the server program; rethrows what it threw. */
    void finish() throws ScenarioException, InterruptedException {
        List<FutureTask<Void>> tasks;
        synchronized (this) {
            tasks = List.copyOf(serverSide);
        }
        for (FutureTask<Void> task : tasks) {
            try {
                task.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                task.cancel(true);
                throw new ScenarioException(scenario + ": the server side did not finish within "
                        + STEP_TIMEOUT_SECONDS + " s", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ScenarioException se) {
                    throw se;
                }
                throw new ScenarioException(scenario + ": the server side failed: " + cause, cause);
            }
        }
    }

    /**
     * Closes every socket still open, after the capture stopped: sockets left in CLOSE_WAIT or
     * never accepted would otherwise stay in the JVM (and the kernel) across scenarios.
     */
    synchronized void cleanUp() {
        for (Conn c : connections) {
            c.closeQuietly();
        }
        for (Closeable c : leftovers) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Already reset or closed: nothing left to release.
            }
        }
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }

    /** One side's program; it may fail with the socket errors the scenario is about. */
    @FunctionalInterface
    interface Script {
        void run() throws Exception;
    }
}
