package io.tcpwhy.lab;

/**
 * A scenario could not be carried out: a socket call failed in a way the lab does not know,
 * a step did not happen in time, or the results could not be written or read back. The
 * message says which scenario and what happened against what was expected.
 */
public final class ScenarioException extends Exception {

    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
