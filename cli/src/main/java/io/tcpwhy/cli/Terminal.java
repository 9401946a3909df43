package io.tcpwhy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr is a terminal, whatever stdout is: progress belongs on a person's screen
 * even when the report goes to a file or a pipe. Java 17 has no isatty for one stream
 * ({@link System#console()} needs stdin and stdout to be terminals too), so on Linux the
 * answer comes from what file descriptor 2 points to.
 */
final class Terminal {

    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(STDERR).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
