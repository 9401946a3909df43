package io.tcpwhy.kernel;

import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one line of a tracefs {@code trace_pipe} into a value. The line is the default trace
 * output (kernel/trace/trace_output.c): {@code COMM-PID [CPU] FLAGS SECONDS.FRACTION: EVENT: FIELDS},
 * FIELDS being the event's print fmt (its {@code format} file), {@code key=value} separated by
 * spaces.
 */
final class TraceLineParser {

    /** Longest line quoted in an error message. */
    private static final int QUOTE_MAX = 160;
    /**
     * The header; COMM may hold spaces and dashes, so it is everything before the last
     * {@code -PID} that is followed by the CPU column.
     */
    private static final Pattern HEADER = Pattern.compile(
            "^\\s*(.+)-(\\d+)\\s+\\[(\\d+)\\]\\s+(\\S+)\\s+(\\d+)\\.(\\d{1,9}):\\s+(\\w+):\\s?(.*)$");
    /** trace.c print_trace_line: {@code CPU:%d [LOST %lu EVENTS]}. */
    private static final Pattern LOST = Pattern.compile("^CPU:(\\d+) \\[LOST (\\d+) EVENTS\\]$");
    /**
     * The FLAGS column's third character is the context: {@code s} softirq, {@code h} hardirq,
     * {@code H} hardirq inside softirq, {@code .} a task (trace_output.c trace_print_lat_fmt).
     */
    private static final int FLAGS_CONTEXT_INDEX = 2;
    private static final int NANOS_DIGITS = 9;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final String MARKER_EVENT = "tracing_mark_write";
    private static final String AF_INET6 = "AF_INET6";

    private TraceLineParser() {
    }

    static TraceLine parse(String line) throws KernelTraceException {
        if (line.isBlank() || line.startsWith("#")) {
            return new TraceLine.Other("");
        }
        Matcher lost = LOST.matcher(line.strip());
        if (lost.matches()) {
            return new TraceLine.Lost(Integer.parseInt(lost.group(1)), Long.parseLong(lost.group(2)));
        }
        Matcher m = HEADER.matcher(line);
        if (!m.matches()) {
            throw new KernelTraceException("trace line '" + quote(line)
                    + "' is not COMM-PID [CPU] FLAGS SECONDS.FRACTION: EVENT: FIELDS");
        }
        String fraction = m.group(6);
        long traceNanos = Long.parseLong(m.group(5)) * NANOS_PER_SECOND
                + Long.parseLong(fraction) * pow10(NANOS_DIGITS - fraction.length());
        String event = m.group(7);
        String fields = m.group(8);
        if (event.equals(MARKER_EVENT)) {
            return new TraceLine.Marker(traceNanos, fields.strip());
        }
        KernelEventType type = KernelEventType.fromWire(event);
        if (type == null) {
            return new TraceLine.Other(event);
        }
        String flags = m.group(4);
        boolean inInterrupt = flags.length() > FLAGS_CONTEXT_INDEX && "shH".indexOf(flags.charAt(FLAGS_CONTEXT_INDEX)) >= 0;
        try {
            return new TraceLine.Event(event(type, traceNanos, Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(2)), m.group(1).strip(), inInterrupt, fields(fields)));
        } catch (IllegalArgumentException e) {
            throw new KernelTraceException(type.wire() + " line '" + quote(line) + "': " + e.getMessage(), e);
        }
    }

    private static KernelEvent event(KernelEventType type, long traceNanos, int cpu, int pid, String command,
                                     boolean inInterrupt, Map<String, String> f) {
        return switch (type) {
            case SEND_RESET -> new KernelEvent(type, traceNanos, cpu, pid, command, inInterrupt,
                    Endpoint.parse(field(f, "src")), Endpoint.parse(field(f, "dest")), null,
                    KernelTcpState.parse(field(f, "state")), f.getOrDefault("reason", ""), 0);
            case SET_STATE -> new KernelEvent(type, traceNanos, cpu, pid, command, inInterrupt, local(f), remote(f),
                    KernelTcpState.parse(field(f, "oldstate")), KernelTcpState.parse(field(f, "newstate")), "", 0);
            case ERROR_REPORT -> new KernelEvent(type, traceNanos, cpu, pid, command, inInterrupt, local(f), remote(f),
                    null, null, "", number(f, "error"));
            case RETRANSMIT -> new KernelEvent(type, traceNanos, cpu, pid, command, inInterrupt, local(f), remote(f),
                    null, KernelTcpState.parse(field(f, "state")), "", f.containsKey("err") ? number(f, "err") : 0);
            case RECEIVE_RESET, DESTROY_SOCKET -> new KernelEvent(type, traceNanos, cpu, pid, command, inInterrupt,
                    local(f), remote(f), null, null, "", 0);
        };
    }

    /** The socket's side: {@code saddr:sport}, from {@code saddrv6} when the family is AF_INET6. */
    private static Endpoint local(Map<String, String> f) {
        return endpoint(f, "saddr", "sport");
    }

    private static Endpoint remote(Map<String, String> f) {
        return endpoint(f, "daddr", "dport");
    }

    private static Endpoint endpoint(Map<String, String> f, String address, String port) {
        boolean v6 = AF_INET6.equals(field(f, "family"));
        // A v4-mapped IPv6 address (a dual-stack Java socket talking IPv4) parses to the IPv4
        // address the wire carries.
        IpAddress ip = IpAddress.parse(field(f, v6 ? address + "v6" : address));
        return new Endpoint(ip, number(f, port));
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> f = new HashMap<>();
        for (String token : text.strip().split(" +")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                f.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return f;
    }

    private static String field(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null) {
            throw new IllegalArgumentException("field '" + key + "' missing (expected the print fmt of Linux 6.x)");
        }
        return v;
    }

    private static int number(Map<String, String> f, String key) {
        String v = field(f, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + key + "' is '" + v + "' (expected a decimal number)", e);
        }
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static String quote(String line) {
        String s = line.strip();
        return s.length() <= QUOTE_MAX ? s : s.substring(0, QUOTE_MAX) + "...";
    }
}
