package io.tcpwhy.report;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.Timestamps;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a person reads at the end of a big capture's text output, and all that
 * {@code --summary} prints: connections counted by diagnosis, by diagnosis and server
 * endpoint, and by the side that closed, each group with its time span and example ids:
 * {@code 14,237 REFUSED to 127.0.0.1:8080 (22:13:20 to 22:16:40; e.g. #3, #17)}. Times are
 * UTC; the first line gives the date, and when the connections span more than one date (several
 * files, a capture over midnight) every time carries its date, so that no span reads backwards.
 *
 * <p>Memory is bounded: past {@link #MAX_SERVER_GROUPS} distinct (diagnosis, server)
 * groups, further servers are counted under "other servers" and the summary says so.
 */
final class Summary {

    /** Groups by server kept apart; a scan of a whole network would otherwise grow without end. */
    static final int MAX_SERVER_GROUPS = 10_000;
    /** Server groups printed, largest first; the rest are counted in one line. */
    static final int SERVER_LINES = 20;
    private static final int EXAMPLES = 2;
    private static final long NANOS_PER_DAY = 86_400L * 1_000_000_000L;

    /** One group's count, time span and first ids. */
    static final class Group {
        long count;
        long firstNanos = Long.MAX_VALUE;
        long lastNanos = Long.MIN_VALUE;
        final int[] examples = new int[EXAMPLES];

        void add(ConnectionReport c) {
            if (count < EXAMPLES) {
                examples[(int) count] = c.id();
            }
            count++;
            firstNanos = Math.min(firstNanos, c.startNanos());
            lastNanos = Math.max(lastNanos, c.endNanos());
        }
    }

    /**
     * A (diagnosis, server) pair: the key of the summary's middle section and of grouped stories.
     * equals and hashCode are written out: the record's generated ones are linked by a
     * method-handle bootstrap on first use, which was about 18 ms of a small capture's start
     * (issue 12).
     */
    record ServerKey(DiagnosisCode code, Endpoint server) {

        @Override
        public int hashCode() {
            return 31 * code.ordinal() + server.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ServerKey k && k.code == code && k.server.equals(server);
        }
    }

    private final Group all = new Group();
    private final Group[] byDiagnosis = new Group[DiagnosisCode.values().length];
    private final Map<ServerKey, Group> byServer = new HashMap<>();
    /**
     * By diagnosis, the server its last connection went to and that pair's group: the next
     * one is mostly the same pair, found without hashing (which was most of {@link #add}).
     */
    private final Endpoint[] lastServer = new Endpoint[DiagnosisCode.values().length];
    private final Group[] lastGroup = new Group[DiagnosisCode.values().length];
    private final Map<DiagnosisCode, Group> otherServers = new EnumMap<>(DiagnosisCode.class);
    private final Group[] bySide = new Group[Side.values().length + 1];
    private long problems;

    void add(ConnectionReport c) {
        all.add(c);
        if (c.isProblem()) {
            problems++;
        }
        DiagnosisCode code = c.diagnosis().code();
        int d = code.ordinal();
        if (byDiagnosis[d] == null) {
            byDiagnosis[d] = new Group();
        }
        byDiagnosis[d].add(c);
        Endpoint server = c.server();
        Group g = server.equals(lastServer[d]) ? lastGroup[d] : serverGroup(code, server);
        lastServer[d] = server;
        lastGroup[d] = g;
        g.add(c);
        Side closedBy = c.diagnosis().closedBy();
        int side = closedBy == null ? Side.values().length : closedBy.ordinal();
        if (bySide[side] == null) {
            bySide[side] = new Group();
        }
        bySide[side].add(c);
    }

    /** The group of (code, server), made when new; once there are too many, the code's "other servers". */
    private Group serverGroup(DiagnosisCode code, Endpoint server) {
        ServerKey key = new ServerKey(code, server);
        Group g = byServer.get(key);
        if (g == null && byServer.size() >= MAX_SERVER_GROUPS) {
            g = otherServers.computeIfAbsent(code, k -> new Group());
        } else if (g == null) {
            g = new Group();
            byServer.put(key, g);
        }
        return g;
    }

    long connections() {
        return all.count;
    }

    /** The text block, starting with an empty line; empty when no connection was counted. */
    String render() {
        if (all.count == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(2048);
        sb.append("\nSummary: ").append(count(all.count)).append(all.count == 1 ? " connection, " : " connections, ")
                .append(count(problems)).append(problems == 1 ? " problem" : " problems")
                .append(" (").append(headlineSpan()).append(" UTC)\n");
        int width = count(all.count).length();
        sb.append("By diagnosis:\n");
        List<DiagnosisCode> codes = new ArrayList<>();
        for (DiagnosisCode code : DiagnosisCode.values()) {
            if (byDiagnosis[code.ordinal()] != null) {
                codes.add(code);
            }
        }
        codes.sort(Comparator.comparingLong((DiagnosisCode code) -> -byDiagnosis[code.ordinal()].count)
                .thenComparing(Comparator.naturalOrder()));
        codes.forEach(code -> line(sb, width, code.name(), byDiagnosis[code.ordinal()]));
        sb.append("By diagnosis and server:\n");
        List<Map.Entry<ServerKey, Group>> servers = new ArrayList<>(byServer.entrySet());
        servers.sort(Comparator.comparingLong((Map.Entry<ServerKey, Group> e) -> -e.getValue().count)
                .thenComparing(e -> e.getKey().code())
                .thenComparing(e -> e.getKey().server()));
        for (int i = 0; i < Math.min(SERVER_LINES, servers.size()); i++) {
            Map.Entry<ServerKey, Group> e = servers.get(i);
            line(sb, width, e.getKey().code().name() + " to " + e.getKey().server(), e.getValue());
        }
        if (servers.size() > SERVER_LINES) {
            long rest = 0;
            for (int i = SERVER_LINES; i < servers.size(); i++) {
                rest += servers.get(i).getValue().count;
            }
            sb.append("  ").append(pad(count(rest), width)).append(" in ")
                    .append(count(servers.size() - SERVER_LINES)).append(" smaller groups\n");
        }
        otherServers.forEach((code, g) -> line(sb, width, code.name() + " to other servers (over "
                + count(MAX_SERVER_GROUPS) + " groups, not told apart)", g));
        sb.append("By side that closed:\n");
        for (int i = 0; i < bySide.length; i++) {
            if (bySide[i] != null) {
                String label = i < Side.values().length ? "closed by the " + Side.values()[i].wire() : "neither side closed";
                line(sb, width, label, bySide[i]);
            }
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, int width, String label, Group g) {
        sb.append("  ").append(pad(count(g.count), width)).append(' ').append(label)
                .append(" (").append(span(g)).append("; e.g. ");
        for (int i = 0; i < Math.min(EXAMPLES, g.count); i++) {
            sb.append(i == 0 ? "#" : ", #").append(g.examples[i]);
        }
        sb.append(")\n");
    }

    /** The whole capture's span: its first date always, so that a reader knows the day. */
    private String headlineSpan() {
        String from = date(all.firstNanos) + " " + Timestamps.timeOfDay(all.firstNanos);
        return sameDate(all.firstNanos, all.lastNanos) ? join(from, Timestamps.timeOfDay(all.lastNanos))
                : join(from, date(all.lastNanos) + " " + Timestamps.timeOfDay(all.lastNanos));
    }

    /** A group's span: times of day, with dates when the summary covers more than one date. */
    private String span(Group g) {
        String from = Timestamps.timeOfDay(g.firstNanos);
        String to = Timestamps.timeOfDay(g.lastNanos);
        if (sameDate(all.firstNanos, all.lastNanos)) {
            return join(from, to);
        }
        from = date(g.firstNanos) + " " + from;
        return join(from, sameDate(g.firstNanos, g.lastNanos) ? to : date(g.lastNanos) + " " + to);
    }

    private static String join(String from, String to) {
        return from.endsWith(to) ? from : from + " to " + to;
    }

    private static boolean sameDate(long aNanos, long bNanos) {
        return Math.floorDiv(aNanos, NANOS_PER_DAY) == Math.floorDiv(bNanos, NANOS_PER_DAY);
    }

    /** {@code 2023-11-14}: the UTC date, as the JSON timestamps write it (any year). */
    private static String date(long epochNanos) {
        String iso = Timestamps.iso(epochNanos, 0);
        return iso.substring(0, iso.indexOf('T'));
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** 14,237: thousands grouped, as a person reads big counts. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
