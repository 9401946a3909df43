package io.tcpwhy.replay;

import io.tcpwhy.lab.ChildErrors;
import io.tcpwhy.lab.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM inside a network namespace, as the lab's NetnsRun starts its peer programs
 * ({@code ip netns exec NS java -cp CLASSPATH MAIN ARGS}): its stdout lines queued, its
 * stderr kept for failure messages, its stdin for answers. Ended by its own pid only.
 */
final class NamespacedProgram implements AutoCloseable {

    /** Child JVMs start lean: a few sockets and one small capture. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m");
    private static final int ERRORS_KEPT = 4000;
    private static final long STOP_MILLIS = 2000;
    /** Marks the end of stdout in the queue. */
    private static final String END = new String("end of stdout");

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder out = new StringBuilder();
    private final ChildErrors errors;

    private NamespacedProgram(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    synchronized (out) {
                        out.append(l).append('\n');
                    }
                    lines.add(l);
                }
            } catch (IOException gone) {
                // The child ended: END below says so.
            }
            lines.add(END);
        });
        this.errors = ChildErrors.follow(process, ERRORS_KEPT, "tcpwhy-namespaced-err");
    }

    /** Starts {@code main} with {@code args} in a JVM inside namespace {@code ns}, with this JVM's class path. */
    static NamespacedProgram java(String ns, String main, String... args) throws IOException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        java.addAll(JVM_OPTIONS);
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        java.addAll(List.of(args));
        return new NamespacedProgram(new ProcessBuilder(Netns.inNamespace(ns, java)).start());
    }

    /** Waits for a stdout line that starts with {@code prefix}; fails with what the child said otherwise. */
    String await(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line == END) {
                throw new AssertionError("the child program said no '" + prefix + "' line within " + timeoutMillis
                        + " ms (expected one)" + errors());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    void tell(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    /** Waits for the child to end by itself; its exit status, or fails after {@code timeoutMillis}. */
    int waitFor(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("the child program did not end within " + timeoutMillis + " ms" + errors());
        }
        return process.exitValue();
    }

    /** Everything the child printed on stdout so far. */
    String output() throws InterruptedException {
        // The reader thread may still be appending the last lines after the exit.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        while (!lines.contains(END) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        synchronized (out) {
            return out.toString();
        }
    }

    String errors() {
        String e = errors.text();
        return e.isEmpty() ? "" : " (its stderr: " + e + ")";
    }

    String errorText() {
        return errors.text();
    }

    /** Ends the child if it is still running: by its own pid, forcibly after a short wait. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException gone) {
            // Its stdin is closed already.
        }
        try {
            if (!process.waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "tcpwhy-namespaced-program");
        t.setDaemon(true);
        t.start();
    }
}
