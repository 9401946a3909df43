package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.testing.SegmentScript;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and directories this user may not read. Root reads everything, so tcpwhy runs in a
 * child JVM as user nobody ({@code setpriv}, which needs root): the test is skipped with its
 * reason elsewhere, and fails instead when {@value #REQUIRE_VARIABLE}=1 (CI, which runs as root).
 */
class UnreadableInputProcessTest {

    static final String REQUIRE_VARIABLE = "TCPWHY_REQUIRE_LIVE";
    private static final String NOBODY = "65534";
    private static final long HANG_GUARD_SECONDS = 120;

    @TempDir
    Path dir;

    private Path open;
    private Path classPath;

    @BeforeEach
    void dropPrivilegesPossible() throws Exception {
        String why = null;
        if (!"0".equals(run(List.of("id", "-u")).strip())) {
            why = "not root: cannot run tcpwhy as another user";
        } else if (run(List.of("sh", "-c", "command -v setpriv")).isBlank()) {
            why = "no setpriv (util-linux)";
        }
        if (why != null) {
            if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
                fail(REQUIRE_VARIABLE + "=1 but " + why);
            }
            Assumptions.abort(why);
        }
        open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        classPath = readableClassPath();
    }

    @Test
    void aFileInADirectoryNobodyMayEnterIsNotPermittedRatherThanMissing() throws Exception {
        Path locked = Files.createDirectory(open.resolve("locked"));
        Path capture = orderly(locked.resolve("x.pcap"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        Exit e = asNobody("analyze", capture.toString());
        assertEquals(ExitStatus.BAD_INPUT, e.status(), e.err());
        assertEquals("tcpwhy: " + capture + ": permission denied\n", e.err());
    }

    @Test
    void aDirectoryNobodyMayListIsNotPermittedRatherThanEmpty() throws Exception {
        Path locked = Files.createDirectory(open.resolve("locked"));
        orderly(locked.resolve("x.pcap"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx--x--x"));
        Exit e = asNobody("analyze", locked.toString());
        assertEquals(ExitStatus.BAD_INPUT, e.status(), e.err());
        assertEquals("tcpwhy: " + locked + ": permission denied\n", e.err());
    }

    @Test
    void anUnreadableFileAmongReadableOnesIsOneLineAndTheOthersAreAnalyzed() throws Exception {
        orderly(open.resolve("a.pcap"));
        Path secret = orderly(open.resolve("b.pcap"));
        orderly(open.resolve("c.pcap"));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Exit e = asNobody("analyze", "--format", "jsonl", open.toString());
        assertEquals(ExitStatus.BAD_INPUT, e.status(), e.err());
        assertEquals("tcpwhy: " + secret + ": permission denied\n", e.err());
        assertEquals(2, e.out().lines().count(), e.out());
    }

    record Exit(int status, String out, String err) {
    }

    private Path orderly(Path file) throws Exception {
        Path written = SegmentPcap.write(file, SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("S").server("SA").client("A").client("FA").server("FA").client("A").segments());
        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-r--r--"));
        return written;
    }

    /**
     * The test class path where nobody can read it: jars hard-linked (or copied) into the test's
     * directory, since the local Maven repository under /root is closed to other users.
     */
    private Path readableClassPath() throws IOException {
        Path jars = Files.createDirectory(dir.resolve("classpath"));
        Files.setPosixFilePermissions(jars, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p)) {
                Path link = jars.resolve(n++ + "-" + p.getFileName());
                try {
                    Files.createLink(link, p);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(p, link);
                }
                Files.setPosixFilePermissions(link, PosixFilePermissions.fromString("rw-r--r--"));
                entries.add(link.toString());
            } else if (Files.isDirectory(p)) {
                entries.add(entry); // target/classes in the checkout: readable by all
            }
        }
        Path file = jars.resolve("classpath.txt");
        Files.writeString(file, String.join(File.pathSeparator, entries));
        return file;
    }

    private Exit asNobody(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", Files.readString(classPath), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).directory(open.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tcpwhy " + String.join(" ", args) + " still running (a hang)");
        }
        return new Exit(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        return out;
    }
}
