package io.tcpwhy.report;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.RuntimeErrors;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.StateChange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
    // ROW's column widths, for the lines written by hand.
    private static final int ID_WIDTH = 5;
    private static final int ENDPOINT_WIDTH = 21;
    private static final int DURATION_WIDTH = 9;
    private static final int BYTES_WIDTH = 11;
    private static final int ZEEK_WIDTH = 6;
    private static final String LINE_SEPARATOR = System.lineSeparator();
    /**
     * Table lines are handed to the output in blocks of about this many bytes, as often as
     * the command line's 64 KiB stdout buffer wrote them before; blocks that large pass
     * through that buffer untouched.
     */
    private static final int TABLE_BLOCK_BYTES = 1 << 16;
    /** Stories are handed to the spool in blocks of about this many bytes, one write to its file each. */
    private static final int STORY_BLOCK_BYTES = 1 << 18;
    /** A story or a line, the most the buffers start with beyond a block. */
    private static final int INITIAL_SLACK = 1 << 12;
    // ASCII pieces of the lines and stories, encoded once.
    private static final byte[] INDENT = TextBytes.ascii("  ");
    private static final byte[] INDENT2 = TextBytes.ascii("    ");
    private static final byte[] ARROW = TextBytes.ascii(" -> ");
    private static final byte[] NEW_LINE = TextBytes.ascii(LINE_SEPARATOR);
    private static final byte[] ROLES_INFERRED = TextBytes.ascii(" (roles inferred)");
    private static final byte[] CLOSED_BY = TextBytes.ascii(", closed by the ");
    private static final byte[] EVIDENCE_FRAME = TextBytes.ascii("  Evidence: frame ");
    private static final byte[] EVIDENCE_FRAMES = TextBytes.ascii("  Evidence: frames ");
    private static final byte[] COMMA = TextBytes.ascii(", ");
    private static final byte[] NO_SYN = TextBytes.ascii("  No SYN was seen: which side is the client is inferred.\n");
    private static final byte[] FINDINGS = TextBytes.ascii("  Findings:\n");
    private static final byte[] COLON = TextBytes.ascii(": ");
    private static final byte[] THE = TextBytes.ascii("the ");
    private static final byte[] CLOSING = TextBytes.ascii("    closing: ");
    private static final byte[] STATES = TextBytes.ascii("    states: ");
    private static final byte[] FRAME_OPEN = TextBytes.ascii(" (frame ");
    private static final byte[] NO_CHANGE = TextBytes.ascii("no change seen");
    private static final byte[] AT_THE_END = TextBytes.ascii("; at the end: ");
    private static final byte[] ONCE_FRAME = TextBytes.ascii(" (once frame ");
    private static final byte[] ARRIVED = TextBytes.ascii(" arrived): ");
    private static final byte[] NO_FIN_NO_RST = TextBytes.ascii("no FIN, no RST");
    private static final byte[] FIN_FRAME = TextBytes.ascii("FIN (frame ");
    private static final byte[] RST_FRAME = TextBytes.ascii("RST (frame ");
    private static final byte[] NO_FIN = TextBytes.ascii("), no FIN");
    private static final byte[] THEN_RST = TextBytes.ascii("), then RST (frame ");
    private static final byte[] THEN_FIN = TextBytes.ascii("), then FIN (frame ");
    // Names as the report writes them, by ordinal: ASCII, the contract's words.
    private static final byte[][] DIAGNOSES = names(DiagnosisCode.values(), DiagnosisCode::name);
    private static final byte[][] ANNOTATIONS = names(AnnotationCode.values(), AnnotationCode::name);
    private static final byte[][] SIDES = names(Side.values(), Side::wire);
    private static final byte[][] STATES_BY_ORDINAL = names(TcpState.values(), TcpState::wire);
    private static final byte[][] CALLS = names(SocketCall.values(), SocketCall::wire);
    private static final byte[][] RESULTS = names(CallResult.values(), CallResult::name);

    /**
     * More connections than a terminal shows at once: past this, the text ends with the
     * {@link Summary}, since nobody scrolls back through thousands of lines.
     */
    static final int SCREENFUL = 50;

    /** The output as chars (tests, live captures), or null when {@link #bytes} is. */
    private final Writer chars;
    /** The output as bytes in {@link #table}'s charset, or null when {@link #chars} is. */
    private final OutputStream bytes;
    private final Spool stories;
    private final boolean storiesInline;
    private final ReportOptions options;
    private final Summary summary = new Summary();
    /** Table lines (and, inline, stories) not yet handed to the output. */
    private final TextBytes table;
    /** Stories not yet handed to the spool. */
    private final TextBytes pendingStories;
    /** The current connection's endpoints and other pieces met again and again, as text. */
    private final TextParts parts;
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

    /** Onto chars: built in UTF-8, which holds any text, and decoded on the way out. */
    TextReport(Writer out, int memoryBytes, boolean storiesInline, ReportOptions options) {
        this(out, null, StandardCharsets.UTF_8, memoryBytes, storiesInline, options);
    }

    /**
     * Onto a byte stream, in {@code charset}: built in it when {@link TextBytes} can
     * ({@link TextBytes#encodesDirectly}), otherwise built as chars and encoded by a writer.
     */
    TextReport(OutputStream out, Charset charset, int memoryBytes, boolean storiesInline, ReportOptions options) {
        this(TextBytes.encodesDirectly(charset) ? null : new OutputStreamWriter(out, charset),
                TextBytes.encodesDirectly(charset) ? out : null,
                TextBytes.encodesDirectly(charset) ? charset : StandardCharsets.UTF_8,
                memoryBytes, storiesInline, options);
    }

    private TextReport(Writer chars, OutputStream bytes, Charset built, int memoryBytes, boolean storiesInline,
            ReportOptions options) {
        this.chars = chars;
        this.bytes = bytes;
        this.stories = new Spool(memoryBytes, built);
        this.table = new TextBytes(built, INITIAL_SLACK);
        this.pendingStories = new TextBytes(built, INITIAL_SLACK);
        this.parts = new TextParts(built);
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
                table.append(String.format(Locale.ROOT, ROW, "ID", "CLIENT", "SERVER", "DURATION",
                        "BYTES C>S", "BYTES S>C", "ZEEK", "DIAGNOSIS"));
                headerWritten = true;
            }
            appendLine(table, c, parts);
            listed++;
            boolean problem = c.isProblem();
            if (problem) {
                problems++;
            }
            if ((problem || tellsMore(c)) && tellStory(c)) {
                appendStory(storiesInline ? table : pendingStories, c, parts);
                if (pendingStories.length() >= STORY_BLOCK_BYTES) {
                    pendingStories.writeTo(stories);
                    pendingStories.reset();
                }
            }
            if (options.flushEach()) {
                emitTable();
                flush();
            } else if (table.length() >= TABLE_BLOCK_BYTES) {
                emitTable();
            }
        } catch (IOException e) {
            throw new ReportException("cannot write the text report: " + e.getMessage(), e);
        }
    }

    /** Hands the table's lines so far to the output. */
    private void emitTable() throws IOException {
        if (bytes != null) {
            table.writeTo(bytes);
        } else {
            chars.write(table.toString());
        }
        table.reset();
    }

    private void flush() throws IOException {
        if (bytes != null) {
            bytes.flush();
        } else {
            chars.flush();
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
            emitTable();
            if (pendingStories.length() > 0) {
                pendingStories.writeTo(stories);
                pendingStories.reset();
            }
            if (!stories.isEmpty()) {
                if (bytes != null) {
                    stories.transferTo(bytes);
                } else {
                    stories.transferTo(chars);
                }
                stories.clear();
            }
            if (storiesFolded > 0) {
                table.append("\n" + Summary.count(storiesFolded) + (storiesFolded == 1 ? " story" : " stories")
                        + " left out: alike (same diagnosis, same server) to one told above; counted in the summary\n");
            }
            table.append(fileSummary(in, listed, problems));
            emitTable();
            flush();
        } catch (IOException e) {
            throw new ReportException("cannot write the text report: " + e.getMessage(), e);
        }
    }

    @Override
    public void finish() {
        try {
            if (options.summaryOnly() || summary.connections() > SCREENFUL || anyStoryFolded) {
                table.append(summary.render());
            }
            emitTable();
            flush();
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
            // What the table holds reaches the output even when the run stops before finish.
            try {
                emitTable();
                flush();
            } catch (IOException e) {
                throw new ReportException("cannot write the text report: " + e.getMessage(), e);
            }
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

    /** The row {@link #ROW} describes, as a String (tests). */
    static String line(ConnectionReport c) {
        return appendLine(new TextBytes(StandardCharsets.UTF_8, INITIAL_SLACK), c,
                new TextParts(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The row {@link #ROW} describes, each column written in place and padded after:
     * {@code String.format} per connection was measurable (issue 12).
     */
    static TextBytes appendLine(TextBytes t, ConnectionReport c, TextParts parts) {
        int column = t.length();
        t.ascii('#').decimal(c.id()).padLeft(column, ID_WIDTH).append(INDENT);
        column = t.length();
        t.append(parts.client(c.client())).padRight(column, ENDPOINT_WIDTH).append(ARROW);
        column = t.length();
        t.append(parts.server(c.server())).padRight(column, ENDPOINT_WIDTH).append(INDENT);
        column = t.length();
        t.secondsMillis(c.endNanos() - c.startNanos()).ascii('s').padLeft(column, DURATION_WIDTH).append(INDENT);
        column = t.length();
        t.decimal(c.clientBytes()).padLeft(column, BYTES_WIDTH).append(INDENT);
        column = t.length();
        t.decimal(c.serverBytes()).padLeft(column, BYTES_WIDTH).append(INDENT);
        column = t.length();
        t.constant(c.zeek().connState()).padRight(column, ZEEK_WIDTH).append(INDENT);
        t.append(DIAGNOSES[c.diagnosis().code().ordinal()]);
        if (c.rolesInferred()) {
            t.append(ROLES_INFERRED);
        }
        return t.append(NEW_LINE);
    }

    static String story(ConnectionReport c) {
        return appendStory(new TextBytes(StandardCharsets.UTF_8, INITIAL_SLACK), c,
                new TextParts(StandardCharsets.UTF_8)).toString();
    }

    /** {@link #story} appended to {@code t}. */
    static TextBytes appendStory(TextBytes t, ConnectionReport c, TextParts parts) {
        Diagnosis d = c.diagnosis();
        TextBytes client = parts.client(c.client());
        TextBytes server = parts.server(c.server());
        t.ascii('\n').ascii('#').decimal(c.id()).append(INDENT).append(client).append(ARROW).append(server)
                .append(INDENT).append(DIAGNOSES[d.code().ordinal()]);
        if (d.closedBy() != null) {
            t.append(CLOSED_BY).append(SIDES[d.closedBy().ordinal()]);
        }
        t.ascii('\n');
        t.append(INDENT).append(d.summary()).ascii('\n');
        t.append(INDENT).append(d.detail()).ascii('\n');
        List<Long> frames = d.frames();
        if (!frames.isEmpty()) {
            t.append(frames.size() == 1 ? EVIDENCE_FRAME : EVIDENCE_FRAMES);
            for (int i = 0; i < frames.size(); i++) {
                if (i > 0) {
                    t.append(COMMA);
                }
                t.decimal(frames.get(i));
            }
            t.ascii('\n');
        }
        if (c.rolesInferred()) {
            t.append(NO_SYN);
        }
        if (!c.annotations().isEmpty()) {
            t.append(FINDINGS);
            for (Annotation a : c.annotations()) {
                t.append(INDENT2).append(ANNOTATIONS[a.code().ordinal()]).append(COLON);
                appendDescription(t, a, c.timestampDigits()).ascii('\n');
            }
        }
        appendSide(t, c, Side.CLIENT, client, parts);
        appendSide(t, c, Side.SERVER, server, parts);
        return t;
    }

    /** One side's part of the story; {@code endpoint} is the side's endpoint as text. */
    private static void appendSide(TextBytes t, ConnectionReport c, Side side, TextBytes endpoint, TextParts parts) {
        t.append(INDENT).append(SIDES[side.ordinal()]).ascii(' ').append(endpoint).ascii('\n');
        t.append(CLOSING);
        appendHowClosed(t, c.segments(), side);
        t.ascii('\n');
        t.append(STATES);
        boolean anyStep = false;
        for (StateChange s : c.timeline()) {
            if (s.side() == side) {
                if (anyStep) {
                    t.append(ARROW);
                }
                t.append(STATES_BY_ORDINAL[s.state().ordinal()]).append(FRAME_OPEN).decimal(s.frame()).ascii(')');
                anyStep = true;
            }
        }
        if (!anyStep) {
            t.append(NO_CHANGE);
        }
        t.append(AT_THE_END).append(STATES_BY_ORDINAL[c.state(side).ordinal()]).ascii('\n');
        for (Outcome o : c.outcomes()) {
            if (o.side() != side) {
                continue;
            }
            t.append(INDENT2).append(CALLS[o.call().ordinal()]).append(ARROW).append(RESULTS[o.result().ordinal()])
                    .append(ONCE_FRAME).decimal(o.frame()).append(ARRIVED).append(o.why()).ascii('\n');
            Optional<RuntimeErrors.Wording> wording = RuntimeErrors.of(o.call(), o.result());
            if (wording.isPresent()) {
                t.append(parts.runtimeLines(wording.get()));
            }
        }
    }

    private static <E extends Enum<E>> byte[][] names(E[] values, Function<E, String> name) {
        byte[][] names = new byte[values.length][];
        for (E e : values) {
            names[e.ordinal()] = TextBytes.ascii(name.apply(e));
        }
        return names;
    }

    /**
     * The side's first FIN and first RST as the segments show them; every FIN and RST is
     * among a report's segments even when ordinary segments were capped.
     */
    private static void appendHowClosed(TextBytes t, List<SegmentEvidence> segments, Side side) {
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
            t.append(NO_FIN_NO_RST);
        } else if (rst < 0) {
            t.append(FIN_FRAME).decimal(fin).ascii(')');
        } else if (fin < 0) {
            t.append(RST_FRAME).decimal(rst).append(NO_FIN);
        } else if (fin < rst) {
            t.append(FIN_FRAME).decimal(fin).append(THEN_RST).decimal(rst).ascii(')');
        } else {
            t.append(RST_FRAME).decimal(rst).append(THEN_FIN).decimal(fin).ascii(')');
        }
    }

    static String describe(Annotation a, int digits) {
        return appendDescription(new TextBytes(StandardCharsets.UTF_8, INITIAL_SLACK), a, digits).toString();
    }

    /** {@link #describe} appended to {@code t}. */
    private static TextBytes appendDescription(TextBytes t, Annotation a, int digits) {
        if (a instanceof Annotation.IdleBeforeClose idle) {
            appendSide(t, a).constant(" closed after ").seconds(idle.idleSeconds(), digits)
                    .constant(" s with nothing on the wire");
            if (!idle.awaitingReply()) {
                return t;
            }
            // A server's data is its answer: silence after it is the wait for the next request.
            return t.constant(idle.side() == Side.SERVER
                    ? ", its answer acknowledged and no new request: the mark of its idle (keep-alive) timeout"
                    : ", its own data acknowledged and never answered: the mark of a read timeout or deadline");
        }
        if (a instanceof Annotation.CloseWaitHeld held) {
            return appendSide(t, a).constant(" stayed in CLOSE_WAIT ").seconds(held.seconds(), digits)
                    .constant(" s before it closed");
        }
        if (a instanceof Annotation.NoHandshake) {
            return t.constant("the capture started after the connection opened");
        }
        if (a instanceof Annotation.PortReuse) {
            return t.constant("the same 4-tuple was used again by a new connection");
        }
        if (a instanceof Annotation.Retransmitted r) {
            return appendSide(t, a).constant(" sent ")
                    .append("DATA".equals(r.flag()) ? "a data segment" : "a " + r.flag()).constant(" again");
        }
        if (a instanceof Annotation.ZeroWindow) {
            return appendSide(t, a).constant(" advertised a zero window: its application was not reading");
        }
        if (a instanceof Annotation.RstOutOfWindow) {
            return appendSide(t, a).constant(" sent a RST whose sequence number the receiver would reject");
        }
        if (a instanceof Annotation.RstFromMiddlebox m) {
            t.constant("the RST in frame ").decimal(m.frame()).constant(", in ");
            return appendSide(t, a).constant("'s name, came from another device: ").append(String.join("; ", m.evidence()));
        }
        if (a instanceof Annotation.FramesDropped d) {
            return t.constant("the capture lost ").decimal(d.frames()).append(d.frames() == 1 ? " frame" : " frames")
                    .constant(" while the connection was open: what the gap hides is not in this story");
        }
        if (a instanceof Annotation.LateSegments l) {
            return t.constant("late segments of the connection on this socket pair that ended at frame ")
                    .decimal(l.endedAtFrame()).constant(" and was already reported");
        }
        if (a instanceof Annotation.Evicted e) {
            return t.constant("reported while still open: more than ").decimal(e.cap()).constant(" connections were open at once");
        }
        throw new IllegalArgumentException("no description for annotation " + a.code());
    }

    /** "the client", "the server", or nothing for a finding about no side. */
    private static TextBytes appendSide(TextBytes t, Annotation a) {
        return a.side() == null ? t : t.append(THE).append(SIDES[a.side().ordinal()]);
    }

    static String fileSummary(InputReport in, long listed, long problems) {
        StringBuilder sb = new StringBuilder(160);
        sb.append('\n').append(in.path()).append(": ");
        if (in.format() == null) {
            return sb.append("not analyzed: ").append(withoutPath(in)).append('\n').toString();
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
            sb.append(in.path()).append(": incomplete, reading stopped: ").append(withoutPath(in)).append('\n');
        }
        return sb.toString();
    }

    /**
     * The input's error without the file name it starts with: the line already begins with
     * it ("x.pcap: not analyzed: x.pcap: byte 0: ..." said it twice, a long path filling the line).
     */
    private static String withoutPath(InputReport in) {
        String error = String.valueOf(in.error());
        String prefix = in.path() + ": ";
        return error.startsWith(prefix) ? error.substring(prefix.length()) : error;
    }
}
