package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.bench.SyntheticCapture;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard output that fails under {@code analyze}: a reader that went away ({@code | head})
 * ends the run at once and silently (141), a full disk is one line and 74, never status 0
 * with a truncated report.
 */
class StandardOutputFailureTest {

    private static final long HANG_GUARD_SECONDS = 120;

    @TempDir
    static Path dir;

    private static Path capture;

    @BeforeEach
    void captureOfTwentyThousandConnections() throws IOException {
        if (capture == null) {
            capture = dir.resolve("big.pcap");
            SyntheticCapture.write(capture, 20_000, 1_000);
        }
    }

    /** A sink that takes {@code accepted} bytes, then fails every write as {@code message}. */
    private static final class Failing extends OutputStream {
        private final long accepted;
        private final String message;
        long written;
        long refusedWrites;

        Failing(long accepted, String message) {
            this.accepted = accepted;
            this.message = message;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > accepted) {
                refusedWrites++;
                throw new IOException(message);
            }
            written += len;
        }
    }

    private record Run(int status, String err) {
    }

    private static Run analyze(Failing sink, String... args) {
        StandardOutput stdout = new StandardOutput(sink);
        PrintWriter out = new BytePrintWriter(new BufferedOutputStream(stdout, 1 << 16), StandardCharsets.UTF_8, true,
                stdout);
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("analyze"));
        all.addAll(List.of(args));
        int status = Main.run(out, new PrintWriter(err), all.toArray(String[]::new));
        return new Run(status, err.toString());
    }

    @Test
    void aReaderThatWentAwayEndsTheRunSilentlyWith141() {
        Failing pipe = new Failing(100_000, "Broken pipe");
        Run r = analyze(pipe, "--format", "jsonl", capture.toString());
        assertEquals(ExitStatus.OUTPUT_CLOSED, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals(1, pipe.refusedWrites, "nothing is written after the pipe closed");
    }

    @Test
    void aFullDiskIsOneLineAndStatus74() {
        Run r = analyze(new Failing(100_000, "No space left on device"), capture.toString());
        assertEquals(ExitStatus.OUTPUT_FAILED, r.status(), r.err());
        assertEquals("tcpwhy: cannot write the report to standard output: No space left on device\n", r.err());
    }

    @Test
    void aFullDiskIsSeenEvenWhenTheWholeReportWaitsInTheBuffer() throws IOException {
        Path small = dir.resolve("small.pcap");
        SyntheticCapture.write(small, 3, 1);
        Run r = analyze(new Failing(0, "No space left on device"), "--format", "json", small.toString());
        assertEquals(ExitStatus.OUTPUT_FAILED, r.status(), r.err());
        assertEquals("tcpwhy: cannot write the report to standard output: No space left on device\n", r.err());
    }

    @Test
    void theProcessStopsWhenItsReaderClosesThePipe() throws Exception {
        Process p = tcpwhy(ProcessBuilder.Redirect.PIPE, "analyze", "--format", "jsonl", capture.toString());
        try (InputStream in = p.getInputStream()) {
            assertTrue(in.readNBytes(1000).length == 1000, "the report starts");
        }
        assertTrue(p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "still running after its reader left");
        assertEquals(ExitStatus.OUTPUT_CLOSED, p.exitValue());
        assertEquals("", new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theProcessSaysSoWhenStandardOutputIsDevFull() throws Exception {
        Process p = tcpwhy(ProcessBuilder.Redirect.to(new File("/dev/full")), "analyze", capture.toString());
        assertTrue(p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "a hang");
        assertEquals(ExitStatus.OUTPUT_FAILED, p.exitValue());
        assertEquals("tcpwhy: cannot write the report to standard output: No space left on device\n",
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Process tcpwhy(ProcessBuilder.Redirect stdout, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        assertTrue(Files.exists(capture));
        return new ProcessBuilder(command).redirectOutput(stdout).start();
    }
}
