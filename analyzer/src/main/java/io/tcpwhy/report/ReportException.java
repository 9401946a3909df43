package io.tcpwhy.report;

/**
 * A report could not be written: the output or the temporary spool file failed. Unchecked
 * because reports are fed from the analyzer's connection callback, which cannot throw.
 */
public final class ReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
