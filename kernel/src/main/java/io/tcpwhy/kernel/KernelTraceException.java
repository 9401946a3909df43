package io.tcpwhy.kernel;

/** A trace line tcpwhy cannot read: what it is and what was expected. */
public final class KernelTraceException extends Exception {

    private static final long serialVersionUID = 1L;

    public KernelTraceException(String message) {
        super(message);
    }

    public KernelTraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
