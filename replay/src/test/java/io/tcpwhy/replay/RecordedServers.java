package io.tcpwhy.replay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * In-process servers that behave as the servers of the lab's scenarios did when the samples
 * were recorded (lab/src/main/java/io/tcpwhy/lab/Scenarios.java), with java.net sockets on
 * loopback: the replayed client meets the same server program. Each serves one connection on
 * its own thread; {@link #close()} releases everything.
 */
final class RecordedServers implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Lets the loopback kernel answer (an ACK, a RST) before the next call, as the lab's SETTLE_MILLIS. */
    static final int SETTLE_MILLIS = 100;
    /** The server_read_deadline server's deadline: shorter than the recorded 1 s, the same story. */
    static final int READ_DEADLINE_MILLIS = 300;
    private static final int JOIN_MILLIS = 10_000;
    private static final byte[] REPLY = "200 OK\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GREETING = "220 ready\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ECHO = "GET /status\n".getBytes(StandardCharsets.US_ASCII);
    /** The lab's keep-alive server's response (Scenarios.HTTP_RESPONSE). */
    static final byte[] HTTP_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nKeep-Alive: timeout=1\r\n\r\nok\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** The lab's keep-alive server's idle timeout (Scenarios.KEEP_ALIVE_TIMEOUT_MILLIS), before scaling. */
    static final int KEEP_ALIVE_TIMEOUT_MILLIS = 1000;
    /** How long the lab's giving-up handler waited for its backend (Scenarios.HANDLER_TIMEOUT_MILLIS), before scaling. */
    static final int HANDLER_TIMEOUT_MILLIS = 1000;

    /** What one server program does with its accepted socket. */
    @FunctionalInterface
    interface Handler {
        void serve(Socket s) throws IOException, InterruptedException;
    }

    private final List<AutoCloseable> held = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts the server that sample {@code name} was recorded with; returns where to connect. */
    InetSocketAddress start(String name) throws IOException {
        return switch (name) {
            case "orderly_close", "use_after_local_close" -> serve(s -> {
                read(s);
                s.getOutputStream().write(REPLY);
                read(s);
                s.close();
            });
            case "close_wait_leak" -> serve(s -> read(s)); // the bug: never closes (released by close())
            case "write_after_peer_close" -> serve(s -> {
                read(s); // EOF: the client closed
                s.getOutputStream().write(REPLY);
                TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
                quietly(() -> s.getOutputStream().write(REPLY));
                quietly(() -> read(s));
            });
            case "read_after_reset" -> serve(s -> {
                s.getOutputStream().write(GREETING);
                quietly(() -> read(s));
            });
            case "close_with_unread_data" -> serve(s -> {
                read(s);
                s.getOutputStream().write(REPLY);
                quietly(() -> read(s));
            });
            case "java_close_with_unread_data" -> serve(s -> {
                read(s);
                s.getOutputStream().write(REPLY);
                read(s); // EOF: the client's FIN came before its RST
                TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
                quietly(() -> s.getOutputStream().write(REPLY));
            });
            case "echo_into_closed_socket" -> serve(s -> {
                read(s);
                read(s); // EOF: the client closed
                s.getOutputStream().write(ECHO);
                TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
                quietly(() -> read(s));
                quietly(() -> s.getOutputStream().write(ECHO));
            });
            case "connection_refused" -> nothingListens();
            case "connect_timeout_backlog_full" -> backlogFull();
            case "listen_without_accept" -> listenOnly();
            case "server_read_deadline" -> serve(s -> {
                s.setSoTimeout(READ_DEADLINE_MILLIS);
                try {
                    read(s);
                } catch (SocketTimeoutException deadline) {
                    s.close();
                }
            });
            case "client_read_deadline" -> serve(s -> {
                read(s);
                read(s); // the reply never comes: the server waits for more and reads EOF
                s.close();
            });
            case "abortive_close_linger0" -> serve(s -> {
                read(s);
                s.getOutputStream().write(REPLY);
                read(s);
                quietly(() -> read(s));
            });
            case "half_close" -> serve(s -> {
                read(s);
                read(s); // EOF: the client shut its output down
                s.getOutputStream().write(REPLY);
                s.close();
            });
            default -> throw new IllegalArgumentException("no recorded server for sample '" + name + "'");
        };
    }

    /**
     * The keep-alive server of stale_pooled_connection: answers one request, then waits
     * {@code idleTimeoutMillis} for the next and closes the idle connection (a read deadline,
     * as nginx's keepalive_timeout or Go's IdleTimeout). A request that comes in time is answered.
     */
    InetSocketAddress startKeepAliveServer(int idleTimeoutMillis) throws IOException {
        return serve(s -> {
            read(s);
            s.getOutputStream().write(HTTP_RESPONSE);
            s.setSoTimeout(idleTimeoutMillis);
            try {
                while (read(s) > 0) {
                    s.getOutputStream().write(HTTP_RESPONSE);
                }
            } catch (SocketTimeoutException idle) {
                // The keep-alive timeout: the idle connection is closed below.
            }
            s.close();
        });
    }

    /**
     * The handler of server_gave_up: reads the request, waits {@code giveUpMillis} for a
     * backend that never answers, and closes without a response.
     */
    InetSocketAddress startGivingUpServer(int giveUpMillis) throws IOException {
        return serve(s -> {
            read(s);
            TimeUnit.MILLISECONDS.sleep(giveUpMillis);
            s.close();
        });
    }

    /** The corrected close_wait_leak server: reads EOF and closes. */
    InetSocketAddress startClosingServer() throws IOException {
        return serve(s -> {
            read(s);
            s.close();
        });
    }

    InetSocketAddress serve(Handler handler) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        held.add(server);
        Thread t = new Thread(() -> {
            try {
                Socket s = server.accept();
                synchronized (held) {
                    held.add(s);
                }
                handler.serve(s);
            } catch (IOException | InterruptedException e) {
                // The replay under test decides what the server meets; the test checks the wire.
            }
        }, "recorded-server");
        t.setDaemon(true);
        t.start();
        threads.add(t);
        return new InetSocketAddress(LOOPBACK, server.getLocalPort());
    }

    private InetSocketAddress nothingListens() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return new InetSocketAddress(LOOPBACK, probe.getLocalPort());
        }
    }

    private InetSocketAddress listenOnly() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        held.add(server);
        return new InetSocketAddress(LOOPBACK, server.getLocalPort());
    }

    /**
     * Backlog 1, never accepting, filled with two connections: a third SYN is dropped
     * (Linux counts the queue full only above the backlog, so two complete).
     */
    private InetSocketAddress backlogFull() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
        held.add(server);
        InetSocketAddress at = new InetSocketAddress(LOOPBACK, server.getLocalPort());
        for (int i = 0; i < 2; i++) {
            Socket filler = new Socket();
            held.add(filler);
            filler.connect(at, JOIN_MILLIS);
        }
        try {
            TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return at;
    }

    private static int read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return in.read(new byte[4096]);
    }

    private interface Call {
        void run() throws IOException;
    }

    /** A call whose failure (reset, broken pipe) is the scenario's point, not the server's end. */
    private static void quietly(Call call) {
        try {
            call.run();
        } catch (IOException expected) {
            // What the recorded server met too.
        }
    }

    @Override
    public void close() {
        synchronized (held) {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Reset already.
                }
            }
        }
        for (Thread t : threads) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
