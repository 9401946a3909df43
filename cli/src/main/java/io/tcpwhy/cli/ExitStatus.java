package io.tcpwhy.cli;

/** tcpwhy's exit statuses, as the contract documents them. */
final class ExitStatus {

    /** Done. */
    static final int OK = 0;
    /** Done, and {@code --fail-on} matched. */
    static final int FAIL_ON_MATCHED = 1;
    /** Wrong flags or arguments. */
    static final int USAGE = 2;
    /** Unreadable or malformed input. */
    static final int BAD_INPUT = 3;
    /** Capture not possible: no libpcap, no permission, no such interface. */
    static final int CAPTURE_UNAVAILABLE = 4;
    /**
     * The Java heap or a thread's stack ran out (OutOfMemoryError, StackOverflowError):
     * what was already written stays; rerun with a larger {@code -Xmx} / {@code -Xss}
     * (TCPWHY_JAVA_OPTS) or on a smaller capture.
     */
    static final int OUT_OF_MEMORY = 5;
    /** Beyond the contract: the report could not be written (sysexits.h EX_IOERR). */
    static final int OUTPUT_FAILED = 74;
    /**
     * Beyond the contract: standard output's reader went away ({@code | head}, a pager quit):
     * the run stops at once and silently, with the status of a program killed by SIGPIPE
     * (128 + 13), as the shell's own tools end there.
     */
    static final int OUTPUT_CLOSED = 141;
    /** Beyond the contract: a bug in tcpwhy (sysexits.h EX_SOFTWARE). */
    static final int SOFTWARE = 70;

    private ExitStatus() {
    }
}
