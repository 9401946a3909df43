package io.tcpwhy.explain;

/**
 * An error text tcpwhy does not understand; the message lists what it does understand.
 * The command line reports it as a usage error.
 */
public final class ExplainException extends Exception {

    private static final long serialVersionUID = 1L;

    public ExplainException(String message) {
        super(message);
    }
}
