package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze -} at a prompt: said at once instead of waiting for a capture typed at the keyboard. */
class StandardInputTerminalTest {

    private static final String REQUIRE_VARIABLE = "TCPWHY_REQUIRE_LIVE";
    private static final long HANG_GUARD_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void terminalDevicesAreTheOnesLinuxNames() {
        assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
        assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
        assertFalse(Terminal.isTerminalDevice("pipe:[123456]"));
        assertFalse(Terminal.isTerminalDevice("/work/capture.pcap"));
        assertFalse(Terminal.isTerminalDevice("/dev/null"));
    }

    @Test
    void dashWithAKeyboardForStandardInputIsAUsageError() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/script"))) {
            if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
                fail(REQUIRE_VARIABLE + "=1 but script (util-linux) is missing: it gives tcpwhy a terminal");
            }
            Assumptions.abort("no /usr/bin/script (util-linux) to give tcpwhy a terminal");
        }
        Path err = dir.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // script runs the command on a new pseudo-terminal: its stdin is that terminal. stderr to a file.
        String command = "'" + java + "' -Xmx64m -cp '" + System.getProperty("java.class.path") + "' "
                + Main.class.getName() + " analyze - 2>'" + err + "'";
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true).start();
        if (!p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tcpwhy analyze - still waiting at a terminal after " + HANG_GUARD_SECONDS + " s");
        }
        p.getOutputStream().close();
        assertEquals(ExitStatus.USAGE, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        assertEquals("tcpwhy: - reads a capture from standard input, which is a terminal here (expected a capture piped"
                + " in: tcpdump -w - | tcpwhy analyze -) (see 'tcpwhy analyze --help')\n",
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
