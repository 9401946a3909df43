package io.tcpwhy.report;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.RuntimeErrors;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.Timestamps;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;

/**
 * The default output, for a person: per file, one line per connection as it arrives,
 * then the story of each connection that did not end in an orderly way, then a line
 * about the file itself.
 *
 * <p>Stories come after the table so that the table reads as an overview; they are
 * rendered when their connection arrives and held in a {@link Spool} (memory up to a
 * limit, then a temporary file) until the file is done, so memory stays bounded however
 * many problem connections a capture holds. A live capture has no end to wait for: there
 * ({@link ReportFormat#openLive}) each story follows its line at once.
 */
final class TextReport implements ReportWriter {

    private static final String ROW = "%5s  %-21s -> %-21s  %9s  %11s  %11s  %-6s  %s%n";
    private static final String INDENT = "  ";
    private static final String LINE_SEPARATOR = System.lineSeparator();
    /** Enough for the widest column's padding. */
    private static final String SPACES = " ".repeat(21);

    /**
     * More connections than a terminal shows at once: past this, the text ends with the
     * {@link Summary}, since nobody scrolls back through thousands of lines.
     */
    static final int SCREENFUL = 50;

    private final Writer out;
    /** The byte stream beneath {@link #out}, when there is one: stories are copied onto it as bytes. */
    private final OutputStream bytes;
    private final Spool stories;
    private final boolean storiesInline;
    private final ReportOptions options;
    private final Summary summary = new Summary();
    /** Lines and stories are built here, one at a time: no builder to grow per connection. */
    private final StringBuilder text = new StringBuilder(2048);
    private final EndpointText endpoints = new EndpointText();
    /** With {@code groupStories}: the (diagnosis, server) groups whose story was told, and the id it was told for. */
    private final Map<Summary.ServerKey, Integer> toldStories = new HashMap<>();
    private boolean headerWritten;
    private long listed;
    private long problems;
    private long storiesFolded;
    private boolean anyStoryFolded;

    TextReport(Writer out, int memoryBytes) {
        this(out, memoryBytes, false, ReportOptions.DEFAULT);
    }

    TextReport(Writer out, int memoryBytes, boolean storiesInline, ReportOptions options) {
        this(out, null, new Spool(memoryBytes), storiesInline, options);
    }

    /** Onto a byte stream, in {@code charset}: the lines through an encoder, the spooled stories copied. */
    TextReport(OutputStream out, Charset charset, int memoryBytes, boolean storiesInline, ReportOptions options) {
        this(new OutputStreamWriter(out, charset), out, new Spool(memoryBytes, charset), storiesInline, options);
    }

    private TextReport(Writer out, OutputStream bytes, Spool stories, boolean storiesInline, ReportOptions options) {
        this.out = out;
        this.bytes = bytes;
        this.stories = stories;
        this.storiesInline = storiesInline;
        this.options = options;
    }

    @Override
    public void startInput(String path) {
        listed = 0;
        problems = 0;
        storiesFolded = 0;
    }

    @Override
    public void connection(ConnectionReport c) {
        summary.add(c);
        if (options.summaryOnly()) {
            return;
        }
        try {
            if (!headerWritten) {
                out.write(String.format(Locale.ROOT, ROW, "ID", "CLIENT", "SERVER", "DURATION",
                        "BYTES C>S", "BYTES S>C", "ZEEK", "DIAGNOSIS"));
                headerWritten = true;
            }
            text.setLength(0);
            out.write(appendLine(text, c, endpoints).toString());
            listed++;
            boolean problem = c.isProblem();
            if (problem) {
                problems++;
            }
            if ((problem || tellsMore(c)) && tellStory(c)) {
                text.setLength(0);
                String story = appendStory(text, c, endpoints).toString();
                if (storiesInline) {
                    out.write(story);
                } else {
                    stories.write(story);
                }
            }
            if (options.flushEach()) {
                out.flush();
            }
        } catch (IOException e) {
            throw new ReportException("cannot write the text report: " + e.getMessage(), e);
        }
    }

    /** Without grouping every story is told; with it, the first of each (diagnosis, server) group. */
    private boolean tellStory(ConnectionReport c) {
        if (!options.groupStories()) {
            return true;
        }
        Summary.ServerKey key = new Summary.ServerKey(c.diagnosis().code(), c.server());
        if (toldStories.containsKey(key)) {
            storiesFolded++;
            anyStoryFolded = true;
            return false;
        }
        if (toldStories.size() < Summary.MAX_SERVER_GROUPS) {
            toldStories.put(key, c.id());
        }
        return true;
    }

    @Override
    public void endInput(InputReport in) {
        if (options.summaryOnly()) {
            return;
        }
        try {
            if (!stories.isEmpty()) {
                if (bytes != null) {
                    out.flush();
                    stories.transferTo(bytes);
                } else {
                    stories.transferTo(out);
                }
                stories.clear();
            }
            if (storiesFolded > 0) {
                out.write("\n" + Summary.count(storiesFolded) + (storiesFolded == 1 ? " story" : " stories")
                        + " left out: alike (same diagnosis, same server) to one told above; counted in the summary\n");
            }
            out.write(fileSummary(in, listed, problems));
            out.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the text report: " + e.getMessage(), e);
        }
    }

    @Override
    public void finish() {
        try {
            if (options.summaryOnly() || summary.connections() > SCREENFUL || anyStoryFolded) {
                out.write(summary.render());
            }
            out.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the text report: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            stories.close();
        } catch (IOException e) {
            throw new ReportException("cannot remove the text report's spool file: " + e.getMessage(), e);
        } finally {
            flushOnClose(out, "text report");
        }
    }

    /**
     * What was written reaches the output even when the run stops before {@link #finish}:
     * over a byte stream the writer is the report's own encoder, which nobody else flushes.
     */
    static void flushOnClose(Writer out, String what) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * An orderly or open connection still gets its story when a finding explains what an
     * application saw: a read deadline (idle before close), a held CLOSE_WAIT, a receiver
     * that stopped reading, a RST the receiver ignored.
     */
    static boolean tellsMore(ConnectionReport c) {
        for (Annotation a : c.annotations()) {
            switch (a.code()) {
                case IDLE_BEFORE_CLOSE, CLOSE_WAIT_HELD, ZERO_WINDOW, RST_OUT_OF_WINDOW -> {
                    return true;
                }
                default -> {
                    // NO_HANDSHAKE, PORT_REUSE, RETRANSMITTED: shown in a story, not a reason for one
                }
            }
        }
        return false;
    }

    /** The row {@link #ROW} describes, padded by hand: {@code String.format} per connection was measurable. */
    static String line(ConnectionReport c) {
        return appendLine(new StringBuilder(128), c, new EndpointText()).toString();
    }

    /**
     * {@link #line} appended to {@code sb}, each column written in place and padded after:
     * a report of a million connections builds no String per column (issue 12).
     */
    static StringBuilder appendLine(StringBuilder sb, ConnectionReport c, EndpointText endpoints) {
        int column = sb.length();
        sb.append('#').append(c.id());
        padLeft(sb, column, 5).append("  ");
        column = sb.length();
        endpoints.append(sb, c.client());
        padRight(sb, column, 21).append(" -> ");
        column = sb.length();
        endpoints.append(sb, c.server());
        padRight(sb, column, 21).append("  ");
        column = sb.length();
        Timestamps.appendSecondsMillis(sb, c.endNanos() - c.startNanos()).append('s');
        padLeft(sb, column, 9).append("  ");
        column = sb.length();
        sb.append(c.clientBytes());
        padLeft(sb, column, 11).append("  ");
        column = sb.length();
        sb.append(c.serverBytes());
        padLeft(sb, column, 11).append("  ");
        column = sb.length();
        sb.append(c.zeek().connState());
        padRight(sb, column, 6).append("  ");
        sb.append(c.diagnosis().code().name());
        if (c.rolesInferred()) {
            sb.append(" (roles inferred)");
        }
        return sb.append(LINE_SEPARATOR);
    }

    /** Right-aligns what was appended since {@code column} in {@code width} chars. */
    private static StringBuilder padLeft(StringBuilder sb, int column, int width) {
        int missing = width - (sb.length() - column);
        if (missing > 0) {
            sb.insert(column, SPACES, 0, missing);
        }
        return sb;
    }

    /** Left-aligns what was appended since {@code column} in {@code width} chars. */
    private static StringBuilder padRight(StringBuilder sb, int column, int width) {
        for (int i = sb.length() - column; i < width; i++) {
            sb.append(' ');
        }
        return sb;
    }

    static String story(ConnectionReport c) {
        return appendStory(new StringBuilder(1024), c, new EndpointText()).toString();
    }

    /** {@link #story} appended to {@code sb}. */
    static StringBuilder appendStory(StringBuilder sb, ConnectionReport c, EndpointText endpoints) {
        Diagnosis d = c.diagnosis();
        sb.append('\n').append('#').append(c.id()).append("  ");
        endpoints.append(sb, c.client());
        sb.append(" -> ");
        endpoints.append(sb, c.server());
        sb.append("  ").append(d.code().name());
        if (d.closedBy() != null) {
            sb.append(", closed by the ").append(d.closedBy().wire());
        }
        sb.append('\n');
        sb.append(INDENT).append(d.summary()).append('\n');
        sb.append(INDENT).append(d.detail()).append('\n');
        List<Long> frames = d.frames();
        if (!frames.isEmpty()) {
            sb.append(INDENT).append("Evidence: frame").append(frames.size() == 1 ? " " : "s ");
            for (int i = 0; i < frames.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(frames.get(i).longValue());
            }
            sb.append('\n');
        }
        if (c.rolesInferred()) {
            sb.append(INDENT).append("No SYN was seen: which side is the client is inferred.\n");
        }
        if (!c.annotations().isEmpty()) {
            sb.append(INDENT).append("Findings:\n");
            for (Annotation a : c.annotations()) {
                sb.append(INDENT).append(INDENT).append(a.code().name()).append(": ")
                        .append(describe(a, c.timestampDigits())).append('\n');
            }
        }
        for (Side side : Side.BOTH) {
            appendSide(sb, c, side, endpoints);
        }
        return sb;
    }

    private static void appendSide(StringBuilder sb, ConnectionReport c, Side side, EndpointText endpoints) {
        String in = INDENT + INDENT;
        sb.append(INDENT).append(side.wire()).append(' ');
        endpoints.append(sb, c.endpoint(side));
        sb.append('\n');
        sb.append(in).append("closing: ");
        appendHowClosed(sb, c.segments(), side);
        sb.append('\n');
        sb.append(in).append("states: ");
        boolean anyStep = false;
        for (StateChange s : c.timeline()) {
            if (s.side() == side) {
                sb.append(anyStep ? " -> " : "").append(s.state().wire()).append(" (frame ").append(s.frame()).append(')');
                anyStep = true;
            }
        }
        if (!anyStep) {
            sb.append("no change seen");
        }
        sb.append("; at the end: ").append(c.state(side).wire()).append('\n');
        for (Outcome o : c.outcomes()) {
            if (o.side() != side) {
                continue;
            }
            sb.append(in).append(o.call().wire()).append(" -> ").append(o.result().name())
                    .append(" (once frame ").append(o.frame()).append(" arrived): ").append(o.why()).append('\n');
            Optional<RuntimeErrors.Wording> wording = RuntimeErrors.of(o.call(), o.result());
            if (wording.isPresent()) {
                List<String> texts = wording.get().texts();
                for (int i = 0; i < texts.size(); i++) {
                    sb.append(in).append(INDENT).append(INDENT);
                    int column = sb.length();
                    sb.append(RuntimeErrors.RUNTIMES.get(i));
                    padRight(sb, column, 8).append(' ').append(texts.get(i)).append('\n');
                }
            }
        }
    }

    /**
     * The side's first FIN and first RST as the segments show them; every FIN and RST is
     * among a report's segments even when ordinary segments were capped.
     */
    private static void appendHowClosed(StringBuilder sb, List<SegmentEvidence> segments, Side side) {
        long fin = -1;
        long rst = -1;
        for (SegmentEvidence s : segments) {
            if (s.from() != side) {
                continue;
            }
            if (fin < 0 && s.flags().indexOf('F') >= 0) {
                fin = s.frame();
            }
            if (rst < 0 && s.flags().indexOf('R') >= 0) {
                rst = s.frame();
            }
        }
        if (fin < 0 && rst < 0) {
            sb.append("no FIN, no RST");
        } else if (rst < 0) {
            sb.append("FIN (frame ").append(fin).append(')');
        } else if (fin < 0) {
            sb.append("RST (frame ").append(rst).append("), no FIN");
        } else if (fin < rst) {
            sb.append("FIN (frame ").append(fin).append("), then RST (frame ").append(rst).append(')');
        } else {
            sb.append("RST (frame ").append(rst).append("), then FIN (frame ").append(fin).append(')');
        }
    }

    static String describe(Annotation a, int digits) {
        String side = a.side() == null ? "" : "the " + a.side().wire();
        if (a instanceof Annotation.IdleBeforeClose idle) {
            String s = side + " closed after " + JsonReport.seconds(idle.idleSeconds(), digits).toPlainString()
                    + " s with nothing on the wire";
            if (!idle.awaitingReply()) {
                return s;
            }
            // A server's data is its answer: silence after it is the wait for the next request.
            return idle.side() == Side.SERVER
                    ? s + ", its answer acknowledged and no new request: the mark of its idle (keep-alive) timeout"
                    : s + ", its own data acknowledged and never answered: the mark of a read timeout or deadline";
        }
        if (a instanceof Annotation.CloseWaitHeld held) {
            return side + " stayed in CLOSE_WAIT " + JsonReport.seconds(held.seconds(), digits).toPlainString()
                    + " s before it closed";
        }
        if (a instanceof Annotation.NoHandshake) {
            return "the capture started after the connection opened";
        }
        if (a instanceof Annotation.PortReuse) {
            return "the same 4-tuple was used again by a new connection";
        }
        if (a instanceof Annotation.Retransmitted r) {
            return side + " sent " + ("DATA".equals(r.flag()) ? "a data segment" : "a " + r.flag()) + " again";
        }
        if (a instanceof Annotation.ZeroWindow) {
            return side + " advertised a zero window: its application was not reading";
        }
        if (a instanceof Annotation.RstOutOfWindow) {
            return side + " sent a RST whose sequence number the receiver would reject";
        }
        if (a instanceof Annotation.RstFromMiddlebox m) {
            return "the RST in frame " + m.frame() + ", in " + side + "'s name, came from another device: "
                    + String.join("; ", m.evidence());
        }
        if (a instanceof Annotation.FramesDropped d) {
            return "the capture lost " + d.frames() + (d.frames() == 1 ? " frame" : " frames")
                    + " while the connection was open: what the gap hides is not in this story";
        }
        if (a instanceof Annotation.LateSegments l) {
            return "late segments of the connection on this socket pair that ended at frame " + l.endedAtFrame()
                    + " and was already reported";
        }
        if (a instanceof Annotation.Evicted e) {
            return "reported while still open: more than " + e.cap() + " connections were open at once";
        }
        throw new IllegalArgumentException("no description for annotation " + a.code());
    }

    static String fileSummary(InputReport in, long listed, long problems) {
        StringBuilder sb = new StringBuilder(160);
        sb.append('\n').append(in.path()).append(": ");
        if (in.format() == null) {
            return sb.append("not analyzed: ").append(in.error()).append('\n').toString();
        }
        sb.append(in.format());
        if (!in.linkTypes().isEmpty()) {
            sb.append(" (").append(String.join(", ", in.linkTypes())).append(')');
        }
        sb.append(", ").append(in.frames()).append(" frames, ").append(in.tcpFrames()).append(" TCP");
        long skipped = in.skippedNonTcp() + in.skippedMalformed() + in.skippedTruncated();
        if (skipped > 0) {
            sb.append(", skipped ").append(in.skippedNonTcp()).append(" non-TCP, ")
                    .append(in.skippedMalformed()).append(" malformed, ")
                    .append(in.skippedTruncated()).append(" truncated");
        }
        sb.append("; ").append(listed).append(listed == 1 ? " connection" : " connections").append(" listed, ")
                .append(problems).append(problems == 1 ? " problem" : " problems").append('\n');
        if (!in.complete()) {
            sb.append(in.path()).append(": incomplete, reading stopped: ").append(in.error()).append('\n');
        }
        return sb.toString();
    }
}
