import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loopback load for the capture benchmark (scripts/capture-load.sh): short TCP connections
 * at a target rate, each a handshake, 100 bytes from the client, and an orderly close, to a
 * server of its own on 127.0.0.1:PORT. Bounded in count (RATE x SECONDS) and in time
 * (SECONDS + 5). Prints one line: "target R/s achieved A/s connections N failed F".
 *
 * <p>Run without a build: {@code java scripts/LoadGenerator.java PORT RATE SECONDS}.
 */
public final class LoadGenerator {

    private static final int PAYLOAD = 100;
    private static final int CLIENT_THREADS = 4;
    private static final long GRACE_SECONDS = 5;

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java LoadGenerator.java PORT RATE SECONDS");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        if (rate < 1 || seconds < 1 || rate > 100_000 || seconds > 600) {
            System.err.println("rate 1-100000 connections/s, 1-600 seconds");
            System.exit(2);
        }
        long total = (long) rate * seconds;
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
            Thread acceptor = new Thread(() -> serve(server), "accept");
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(seconds + GRACE_SECONDS);
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                int thread = t;
                Thread c = new Thread(() -> {
                    byte[] data = new byte[PAYLOAD];
                    // Connection i starts at start + i/rate; this thread takes every CLIENT_THREADS-th one.
                    for (long i = thread; i < total && System.nanoTime() < deadline; i += CLIENT_THREADS) {
                        long due = start + i * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            s.getOutputStream().write(data);
                            s.shutdownOutput();
                            s.getInputStream().read();
                            done.incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                }, "client-" + t);
                c.start();
                clients.add(c);
            }
            for (Thread c : clients) {
                c.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())) + 1000);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("target %d/s achieved %.0f/s connections %d failed %d%n", rate, done.get() / elapsed,
                    done.get(), failed.get());
        }
    }

    /** Reads each connection's 100 bytes and EOF, then closes: an orderly close. */
    private static void serve(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[PAYLOAD];
                while (in.read(buf) >= 0) {
                    // Until the client's FIN.
                }
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }
}
