package io.tcpwhy.report;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.net.ConnectionKey;
import java.util.function.Predicate;

/**
 * Which connections a report shows: {@code --problems} (diagnoses that are not an orderly
 * end, see {@link io.tcpwhy.model.DiagnosisCode#isProblem()}), {@code --port N} (either
 * endpoint's port) and {@code --conn A-B} (that pair of endpoints, either order). All given
 * conditions must hold.
 *
 * @param port       a TCP port, or {@link #ANY_PORT}
 * @param connection a connection's endpoints, or null for any
 */
public record ReportFilter(boolean problemsOnly, int port, ConnectionKey connection) implements Predicate<ConnectionReport> {

    public static final int ANY_PORT = -1;
    public static final ReportFilter ALL = new ReportFilter(false, ANY_PORT, null);

    private static final int MAX_PORT = 0xFFFF;

    public ReportFilter {
        if (port != ANY_PORT && (port < 0 || port > MAX_PORT)) {
            throw new IllegalArgumentException("port " + port + " out of range (expected 0-65535)");
        }
    }

    @Override
    public boolean test(ConnectionReport c) {
        if (problemsOnly && !c.isProblem()) {
            return false;
        }
        if (port != ANY_PORT && c.client().port() != port && c.server().port() != port) {
            return false;
        }
        return connection == null || connection.equals(ConnectionKey.of(c.client(), c.server()));
    }
}
