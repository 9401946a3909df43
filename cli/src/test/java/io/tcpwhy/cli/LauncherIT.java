package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./tcpwhy} launcher's class data archive, run as a user runs it: the script copied
 * into a temporary root next to the packaged jar, its libraries and the training sample (an
 * integration test: failsafe runs it after the jar is packaged). Whatever state the archive is
 * in, absent (made), older than the jar or a library (made again), damaged (ignored) or
 * impossible to make (no sample), every run prints the analysis tcpwhy prints in process and
 * nothing on stderr. "Used" is checked with {@code -Xshare:on}, which makes the JVM refuse to
 * start without the archive, and with the class loading log naming it as Main's source.
 */
class LauncherIT {

    /** failsafe runs in the module's directory; the launcher is at the project's root. */
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    private static final Path SAMPLE = PROJECT.resolve("samples").resolve("orderly_close.pcap");
    /** A hang guard: a run that makes the archive is two JVM starts and a dump, seconds. */
    private static final long RUN_LIMIT_SECONDS = 180;
    private static final String FROM_ARCHIVE = "io.tcpwhy.cli.Main source: shared objects file";

    @TempDir
    Path root;

    private Path jar;
    private Path archive;
    private Path sample;

    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void layOutAProjectRoot() throws IOException {
        Path launcher = Files.copy(PROJECT.resolve("tcpwhy"), root.resolve("tcpwhy"), StandardCopyOption.COPY_ATTRIBUTES);
        assertTrue(Files.isExecutable(launcher), "the launcher is executable");
        Path builtTarget = PROJECT.resolve("cli").resolve("target");
        Path target = Files.createDirectories(root.resolve("cli").resolve("target"));
        jar = Files.copy(builtTarget.resolve("tcpwhy.jar"), target.resolve("tcpwhy.jar"));
        Path lib = Files.createDirectories(target.resolve("lib"));
        // Dated in the past, the libraries before the jar, so that each test can place the
        // archive between them or before both.
        long now = System.currentTimeMillis();
        try (Stream<Path> libraries = Files.list(builtTarget.resolve("lib"))) {
            for (Path library : libraries.toList()) {
                Path copy = Files.copy(library, lib.resolve(library.getFileName()));
                Files.setLastModifiedTime(copy, FileTime.fromMillis(now - TimeUnit.MINUTES.toMillis(20)));
            }
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(now - TimeUnit.MINUTES.toMillis(10)));
        sample = Files.copy(SAMPLE, Files.createDirectories(root.resolve("samples")).resolve(SAMPLE.getFileName()));
        archive = target.resolve("tcpwhy.jsa");
    }

    @Test
    void anAbsentArchiveIsMadeAndTheNextRunStartsFromIt() throws Exception {
        assertFalse(Files.exists(archive));
        assertAnalyzes(launch(""));
        assertTrue(Files.isRegularFile(archive), "archive made: " + archive);
        assertStartsFromTheArchive();
    }

    @Test
    void anArchiveOlderThanTheJarIsMadeAgain() throws Exception {
        assertAnalyzes(launch(""));
        FileTime made = makeOlderThan(jar);
        assertAnalyzes(launch(""));
        assertTrue(Files.getLastModifiedTime(archive).compareTo(made) > 0, "archive made again");
        assertStartsFromTheArchive();
    }

    @Test
    void anArchiveOlderThanALibraryIsMadeAgain() throws Exception {
        assertAnalyzes(launch(""));
        Path library;
        try (Stream<Path> libraries = Files.list(jar.resolveSibling("lib"))) {
            library = libraries.filter(p -> p.getFileName().toString().startsWith("picocli")).findFirst().orElseThrow();
        }
        // A library replaced after the archive was made (a dependency upgraded, lib/ copied again).
        Files.setLastModifiedTime(library, FileTime.fromMillis(System.currentTimeMillis()));
        FileTime made = makeOlderThan(library);
        assertTrue(made.compareTo(Files.getLastModifiedTime(jar)) > 0, "the archive is still newer than the jar");
        assertAnalyzes(launch(""));
        assertTrue(Files.getLastModifiedTime(archive).compareTo(made) > 0, "archive made again");
        assertStartsFromTheArchive();
    }

    @Test
    void aDamagedArchiveIsIgnoredSilently() throws Exception {
        byte[] junk = new byte[64 * 1024];
        Arrays.fill(junk, (byte) 0x5a);
        Files.write(archive, junk);
        assertAnalyzes(launch(""));
        // Newer than the jar, so kept as it is: the run went on without it.
        assertTrue(Arrays.equals(junk, Files.readAllBytes(archive)), "damaged archive left alone");
    }

    @Test
    void withoutTheTrainingSampleThereIsNoArchiveAndTheRunGoesOn() throws Exception {
        Files.delete(sample);
        Path elsewhere = Files.copy(SAMPLE, root.resolve("capture.pcap"));
        Run run = launch("", "analyze", elsewhere.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(inProcess("analyze", elsewhere.toString()), run.out());
        assertEquals("", run.err());
        assertFalse(Files.exists(archive), "no archive without the sample");
    }

    @Test
    void twoFirstRunsAtOnceBothAnalyzeAndLeaveOneWholeArchive() throws Exception {
        List<Started> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(start("", "analyze", sample.toString()));
        }
        for (Started s : both) {
            assertAnalyzes(s.finish());
        }
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("tcpwhy.jsa.")).toList(),
                    "no half-written archive or class list left behind");
        }
        assertStartsFromTheArchive();
    }

    /** The archive is newer than {@code file} no more: backdated to a minute before it. */
    private FileTime makeOlderThan(Path file) throws IOException {
        FileTime older = FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - TimeUnit.MINUTES.toMillis(1));
        Files.setLastModifiedTime(archive, older);
        return older;
    }

    /** A run that cannot start without the archive, and whose Main came from it. */
    private void assertStartsFromTheArchive() throws Exception {
        Path log = root.resolve("class-load.log");
        Run run = launch("-Xshare:on -Xlog:class+load=info:file=" + log);
        assertAnalyzes(run);
        String loaded = Files.readString(log);
        assertTrue(loaded.contains(FROM_ARCHIVE), "Main from the archive; the log says:\n"
                + loaded.lines().filter(l -> l.contains("io.tcpwhy.cli.Main ")).findFirst().orElse("(no line for Main)"));
    }

    private void assertAnalyzes(Run run) throws Exception {
        assertEquals(0, run.status(), run.err());
        assertEquals(inProcess("analyze", sample.toString()), run.out());
        assertEquals("", run.err());
    }

    private static String inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, status, err.toString());
        return out.toString();
    }

    private Run launch(String javaOptions) throws Exception {
        return start(javaOptions, "analyze", sample.toString()).finish();
    }

    private Run launch(String javaOptions, String... args) throws Exception {
        return start(javaOptions, args).finish();
    }

    /** A launcher process with its output going to files (no pipe to fill and block it). */
    record Started(Process process, Path out, Path err) {
        Run finish() throws Exception {
            if (!process.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the launcher did not end within " + RUN_LIMIT_SECONDS + " s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    private Started start(String javaOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("tcpwhy").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("TCPWHY_JAVA_OPTS", javaOptions);
        return new Started(pb.start(), out, err);
    }
}
