package io.tcpwhy.cli;

import io.tcpwhy.net.ConnectionKey;
import io.tcpwhy.report.ReportFilter;
import io.tcpwhy.report.ReportFormat;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every reporting command shares ({@code @Mixin}): {@code --format},
 * {@code --port}, {@code --conn} and {@code --debug}. Bad values are usage errors whose
 * message says what was given and what was expected.
 */
final class CommonOptions {

    private static final int MAX_PORT = 0xFFFF;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            completionCandidates = FormatNames.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--port", paramLabel = "N", converter = PortConverter.class,
            description = "Only connections with port N at either end.")
    Integer port;

    @Option(names = "--conn", paramLabel = "A-B", converter = ConnectionConverter.class,
            description = "Only the connection between endpoints A and B, in either order, "
                    + "e.g. 10.0.0.1:5000-10.0.0.2:80 or [::1]:5000-[::1]:80.")
    ConnectionKey connection;

    @Option(names = "--debug", description = "Print the stack trace along with an error message.")
    boolean debug;

    ReportFilter filter(boolean problemsOnly) {
        return new ReportFilter(problemsOnly, port == null ? ReportFilter.ANY_PORT : port, connection);
    }

    static final class FormatConverter implements ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            try {
                return ReportFormat.fromWire(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ReportFormat.values()).map(ReportFormat::wire).iterator();
        }
    }

    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a port (expected a number 0-65535)");
            }
            if (port < 0 || port > MAX_PORT) {
                throw new TypeConversionException("port " + port + " out of range (expected 0-65535)");
            }
            return port;
        }
    }

    static final class ConnectionConverter implements ITypeConverter<ConnectionKey> {
        @Override
        public ConnectionKey convert(String value) {
            try {
                return ConnectionKey.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
