package io.tcpwhy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr is a terminal, whatever stdout is: progress belongs on a person's screen
 * even when the report goes to a file or a pipe. Java 17 has no isatty for one stream
 * ({@link System#console()} needs stdin and stdout to be terminals too), so on Linux the
 * answer comes from what file descriptor 2 points to. Likewise for stdin: {@code analyze -}
 * at a prompt, with no capture piped in, would wait for a capture typed at the keyboard.
 */
final class Terminal {

    private static final Path STDERR = Path.of("/proc/self/fd/2");
    private static final Path STDIN = Path.of("/proc/self/fd/0");

    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        try {
            return isTerminalDevice(Files.readSymbolicLink(STDERR).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Whether stdin is a terminal; false when it cannot be told (then a capture is read from it as asked). */
    static boolean stdinIsTerminal() {
        try {
            return isTerminalDevice(Files.readSymbolicLink(STDIN).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** A file descriptor's target names a terminal: a pseudo-terminal or a tty device. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    }
}
