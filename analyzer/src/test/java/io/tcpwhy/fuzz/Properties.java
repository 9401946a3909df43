package io.tcpwhy.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.StateChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The invariants every input must keep, checked after each fuzzed input: an
 * {@link AssertionError} here is a finding. Also the temporary files the targets write
 * their inputs to (tcpwhy reads paths): one directory per JVM, on tmpfs when there is one.
 */
final class Properties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path scratch;

    private Properties() {
    }

    /** A file holding {@code data}, overwritten by the next call of the same name. */
    static synchronized Path file(String name, byte[] data) throws IOException {
        if (scratch == null) {
            Path shm = Path.of("/dev/shm");
            scratch = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "tcpwhy-fuzz") : Files.createTempDirectory("tcpwhy-fuzz");
            scratch.toFile().deleteOnExit();
        }
        Path file = scratch.resolve(name);
        Files.write(file, data);
        file.toFile().deleteOnExit();
        return file;
    }

    static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError("invariant broken: " + what);
        }
    }

    /** Counts non-negative and consistent. */
    static void checkInput(InputReport in) {
        check(in.frames() >= 0 && in.tcpFrames() >= 0 && in.skippedNonTcp() >= 0 && in.skippedMalformed() >= 0
                && in.skippedTruncated() >= 0, "input counts non-negative: " + in);
        check(in.tcpFrames() <= in.frames(), "tcp frames " + in.tcpFrames() + " <= frames " + in.frames());
        check(in.complete() == (in.error() == null), "complete exactly when there is no error: " + in);
    }

    /** A connection's frames lie within what was read, it has at least one, and it ends after it starts. */
    static void checkConnection(ConnectionReport c, long framesRead) {
        String id = "connection #" + c.id() + " ";
        check(c.firstFrame() >= 1 && c.firstFrame() <= c.lastFrame() && c.lastFrame() <= framesRead,
                id + "frames " + c.firstFrame() + ".." + c.lastFrame() + " within 1.." + framesRead);
        check(c.startNanos() <= c.endNanos(), id + "start " + c.startNanos() + " <= end " + c.endNanos());
        check(c.clientBytes() >= 0 && c.serverBytes() >= 0, id + "bytes non-negative");
        for (StateChange s : c.timeline()) {
            checkFrame(id + "state change", s.frame(), c);
        }
        for (Outcome o : c.outcomes()) {
            if (o.frame() > 0) {
                checkFrame(id + "outcome", o.frame(), c);
            }
        }
        for (long f : c.diagnosis().frames()) {
            checkFrame(id + "diagnosis", f, c);
        }
    }

    private static void checkFrame(String what, long frame, ConnectionReport c) {
        check(frame >= c.firstFrame() && frame <= c.lastFrame(),
                what + " cites frame " + frame + " outside " + c.firstFrame() + ".." + c.lastFrame());
    }

    /** The text parses as one JSON document. */
    static void checkJson(String text) {
        try {
            JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("output is not JSON: " + e.getMessage() + "\n" + text, e);
        }
    }
}
