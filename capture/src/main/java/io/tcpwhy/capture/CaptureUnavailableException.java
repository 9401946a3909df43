package io.tcpwhy.capture;

/**
 * Live capture is not possible or failed: libpcap is missing, the process may not capture,
 * the interface does not exist, the filter does not compile, or the output file cannot be
 * written. The message is one line that says what went wrong and how to fix it; the CLI
 * prints it as is and exits with status 4.
 */
public final class CaptureUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public CaptureUnavailableException(String message) {
        super(message);
    }

    public CaptureUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
