package io.tcpwhy.kernel;

/**
 * The kernel's events cannot be read here: not Linux, tracefs not mounted, an event missing
 * from this kernel, or no permission. The message is one line saying which and what to do;
 * callers print it and go on without kernel data.
 */
public final class KernelUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public KernelUnavailableException(String message) {
        super(message);
    }

    public KernelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
