package io.tcpwhy.replay;

/**
 * Why a replay cannot start: the capture, the chosen connection or the script does not hold
 * what a replay needs. The message is one line saying what and where, with what was expected.
 */
public final class ReplayException extends Exception {

    private static final long serialVersionUID = 1L;

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
