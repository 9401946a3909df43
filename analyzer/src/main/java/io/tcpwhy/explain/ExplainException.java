package io.tcpwhy.explain;

/**
 * Why an explanation could not be given: an error text tcpwhy does not understand, or
 * a search that found no connection. {@link #kind()} tells the command line which exit
 * status it means.
 */
public final class ExplainException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, from the user's point of view. */
    public enum Kind {
        /** The error text or a filter was not understood: a usage error. */
        NOT_UNDERSTOOD,
        /** The text was understood but no connection in the capture fits it. */
        NO_MATCH
    }

    private final Kind kind;

    public ExplainException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
