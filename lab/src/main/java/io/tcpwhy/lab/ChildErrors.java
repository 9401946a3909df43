package io.tcpwhy.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The start of a child process's stderr, read on a daemon thread of its own and kept up to a
 * bound, so that a failure can say what the child said without the child ever blocking on a
 * full pipe. Used for the lab's namespace peers and the replay tests' namespaced programs.
 */
public final class ChildErrors {

    private final StringBuilder text = new StringBuilder();
    private final int keptChars;

    private ChildErrors(int keptChars) {
        this.keptChars = keptChars;
    }

    /** Starts reading {@code process}'s stderr on a daemon thread named {@code threadName}; keeps its first {@code keptChars}. */
    public static ChildErrors follow(Process process, int keptChars, String threadName) {
        if (keptChars < 1) {
            throw new IllegalArgumentException("keep " + keptChars + " chars of stderr (expected 1 or more)");
        }
        ChildErrors errors = new ChildErrors(keptChars);
        Thread t = new Thread(() -> errors.readAll(process.getErrorStream()), threadName);
        t.setDaemon(true);
        t.start();
        return errors;
    }

    private void readAll(InputStream stderr) {
        try (InputStream e = stderr) {
            byte[] buf = new byte[512];
            for (int n = e.read(buf); n >= 0; n = e.read(buf)) {
                synchronized (text) {
                    if (text.length() < keptChars) {
                        text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException gone) {
            // The child is gone: what it said so far is kept.
        }
    }

    /** What the child wrote to stderr so far, stripped. */
    public String text() {
        synchronized (text) {
            return text.toString().strip();
        }
    }
}
