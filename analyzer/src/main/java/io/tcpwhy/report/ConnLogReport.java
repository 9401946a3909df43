package io.tcpwhy.report;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.net.Endpoint;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code analyze --format conn-log}: Zeek's conn.log as Zeek's ASCII writer prints it
 * (TSV, the {@code #separator #set_separator #empty_field #unset_field #path #open #fields
 * #types} header, {@code #close} at the end), one line per Zeek record
 * ({@link ConnectionReport#zeekRecords()}), so that pipelines built on Zeek's logs take it
 * unchanged. tcpwhy's verdict follows Zeek's columns as extra ones, {@code tcpwhy_*}, the
 * same on every record of one connection: {@code tcpwhy_id} ties them together.
 *
 * <p>Zeek's rules kept: {@code ts} and {@code duration} in seconds with six decimals;
 * {@code duration}, {@code orig_bytes} and {@code resp_bytes} unset ({@code -}) when the
 * record lasted no time (Zeek's {@code set_conn}); {@code service}, {@code local_orig},
 * {@code local_resp} and {@code tunnel_parents} unset, as Zeek leaves them without
 * analyzers, {@code Site::local_nets} or tunnels; {@code missed_bytes} 0 (tcpwhy does
 * not count gaps). The {@code uid} is stable: a hash of the record's 4-tuple, first frame
 * and start, in Zeek's shape ({@code C} and base62), so two runs over one file agree.
 */
final class ConnLogReport implements ReportWriter {

    static final String FIELDS = String.join("\t", "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p",
            "proto", "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp",
            "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents",
            "tcpwhy_id", "tcpwhy_diagnosis", "tcpwhy_closed_by", "tcpwhy_problem", "tcpwhy_annotations",
            "tcpwhy_summary");
    static final String TYPES = String.join("\t", "time", "string", "addr", "port", "addr", "port",
            "enum", "string", "interval", "count", "count", "string", "bool", "bool",
            "count", "string", "count", "count", "count", "count", "set[string]",
            "count", "string", "string", "bool", "set[string]", "string");

    /** Zeek's ASCII writer: {@code #open} and {@code #close} stamps, {@code %Y-%m-%d-%H-%M-%S}. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
            .withZone(ZoneOffset.UTC);
    private static final String UNSET = "-";
    private static final String EMPTY = "(empty)";
    private static final long NANOS_PER_MICRO = 1_000L;
    private static final int MICRO_DIGITS = 6;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Zeek's uids are "C" and 17-18 base62 digits (96 bits); two 64-bit hashes give 22 at most, cut to 18. */
    private static final int UID_DIGITS = 18;

    private final Writer out;
    private final Supplier<Instant> clock;
    private final boolean flushEach;
    private final StringBuilder line = new StringBuilder(256);
    private boolean headerWritten;

    /** @param clock the wall clock for {@code #open} and {@code #close}, as Zeek stamps them */
    ConnLogReport(Writer out, Supplier<Instant> clock, boolean flushEach) {
        this.out = out;
        this.clock = clock;
        this.flushEach = flushEach;
    }

    @Override
    public void startInput(String path) {
        // One log for all files, as Zeek writes one conn.log for all its input.
    }

    @Override
    public void connection(ConnectionReport c) {
        try {
            header();
            for (ZeekRecord z : c.zeekRecords()) {
                line.setLength(0);
                appendRecord(line, c, z);
                out.append(line);
            }
            if (flushEach) {
                out.flush();
            }
        } catch (IOException e) {
            throw new ReportException("cannot write the conn.log report: " + e.getMessage(), e);
        }
    }

    @Override
    public void endInput(InputReport input) {
        // Zeek's log has no per-input lines; errors go to stderr.
    }

    @Override
    public void finish() {
        try {
            header();
            out.write("#close\t" + STAMP.format(clock.get()) + "\n");
            out.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the conn.log report: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        TextReport.flushOnClose(out, "conn.log report");
    }

    private void header() throws IOException {
        if (headerWritten) {
            return;
        }
        headerWritten = true;
        out.write("#separator \\x09\n#set_separator\t,\n#empty_field\t" + EMPTY + "\n#unset_field\t" + UNSET
                + "\n#path\tconn\n#open\t" + STAMP.format(clock.get()) + "\n#fields\t" + FIELDS
                + "\n#types\t" + TYPES + "\n");
    }

    static void appendRecord(StringBuilder sb, ConnectionReport c, ZeekRecord z) {
        long durationNanos = z.endNanos() - z.startNanos();
        appendSeconds(sb, z.startNanos()).append('\t');
        sb.append(uid(z)).append('\t');
        appendEndpoint(sb, z.orig()).append('\t');
        appendEndpoint(sb, z.resp()).append('\t');
        sb.append("tcp\t").append(UNSET).append('\t');
        if (durationNanos > 0) {
            appendSeconds(sb, durationNanos).append('\t');
            sb.append(z.origBytes()).append('\t').append(z.respBytes()).append('\t');
        } else {
            sb.append(UNSET).append('\t').append(UNSET).append('\t').append(UNSET).append('\t');
        }
        appendString(sb, z.connState()).append('\t');
        sb.append(UNSET).append('\t').append(UNSET).append('\t');
        sb.append(0).append('\t');
        appendString(sb, z.history()).append('\t');
        sb.append(z.origPkts()).append('\t').append(z.origIpBytes()).append('\t');
        sb.append(z.respPkts()).append('\t').append(z.respIpBytes()).append('\t');
        sb.append(UNSET).append('\t');
        sb.append(c.id()).append('\t');
        sb.append(c.diagnosis().code().name()).append('\t');
        sb.append(c.diagnosis().closedBy() == null ? UNSET : c.diagnosis().closedBy().wire()).append('\t');
        sb.append(c.isProblem() ? 'T' : 'F').append('\t');
        Set<String> codes = new LinkedHashSet<>();
        for (Annotation a : c.annotations()) {
            codes.add(a.code().name());
        }
        sb.append(codes.isEmpty() ? EMPTY : String.join(",", codes)).append('\t');
        appendString(sb, c.diagnosis().summary()).append('\n');
    }

    private static StringBuilder appendEndpoint(StringBuilder sb, Endpoint e) {
        return sb.append(e.address()).append('\t').append(e.port());
    }

    /** Seconds with six decimals, as Zeek prints {@code time} and {@code interval}: truncated to microseconds. */
    static StringBuilder appendSeconds(StringBuilder sb, long nanos) {
        long micros = Math.floorDiv(nanos, NANOS_PER_MICRO);
        long whole = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        sb.append(whole).append('.');
        String digits = Long.toString(fraction);
        for (int i = digits.length(); i < MICRO_DIGITS; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }

    /** Zeek's escaping: the separator and anything unprintable as {@code \xNN}; empty as {@code (empty)}. */
    static StringBuilder appendString(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append(UNSET);
        }
        if (s.isEmpty()) {
            return sb.append(EMPTY);
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch == 0x7f || ch == '\\') {
                sb.append("\\x").append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 0xf, 16));
            } else {
                sb.append(ch);
            }
        }
        return sb;
    }

    /** {@code C} and 18 base62 digits from two mixed hashes of what makes the record unique. */
    static String uid(ZeekRecord z) {
        long a = mix(z.orig().hashCode() * 0x9E3779B97F4A7C15L ^ z.resp().hashCode() ^ z.firstFrame() << 32);
        long b = mix(z.startNanos() ^ (long) z.resp().hashCode() << 17 ^ z.firstFrame() * 0xC2B2AE3D27D4EB4FL);
        char[] text = new char[1 + UID_DIGITS];
        text[0] = 'C';
        for (int i = 1; i <= UID_DIGITS; i++) {
            long word = i <= UID_DIGITS / 2 ? a : b;
            int digit = (int) Long.remainderUnsigned(word, BASE62.length());
            if (i <= UID_DIGITS / 2) {
                a = Long.divideUnsigned(a, BASE62.length());
            } else {
                b = Long.divideUnsigned(b, BASE62.length());
            }
            text[i] = BASE62.charAt(digit);
        }
        return new String(text);
    }

    /** SplitMix64's finalizer: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
