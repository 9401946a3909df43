package io.tcpwhy.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcpwhy.kernel.KernelCheck;
import io.tcpwhy.kernel.KernelEvent;
import io.tcpwhy.kernel.KernelEvents;
import io.tcpwhy.kernel.KernelUnavailableException;
import io.tcpwhy.kernel.KernelWord;
import io.tcpwhy.kernel.SocketOwners;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.report.ReportException;
import io.tcpwhy.report.ReportFormat;
import io.tcpwhy.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code capture --kernel}: reads the kernel's events for the captured port while the capture
 * runs and adds the kernel's word to each connection's verdict (text: indented lines after the
 * connection; JSON: a {@code kernel} object in each connection, docs/kernel.md). Attached to
 * CaptureCommand by three calls: {@link #start}, {@link #wrap}, {@link #stop}.
 */
final class KernelHook {

    /** Events held at most; the oldest go first beyond it, so memory stays bounded. */
    static final int MAX_EVENTS = 200_000;

    private final List<KernelEvent> held = new ArrayList<>();
    private final SocketOwners owners = new SocketOwners();
    /** Set once start() returns; events may arrive before, and are held all the same. */
    private volatile KernelEvents events;

    private KernelHook() {
    }

    /**
     * Starts reading the kernel's events of {@code port}; when impossible, prints one line to
     * {@code err} and returns null: the capture goes on without kernel data.
     */
    static KernelHook start(Set<Integer> ports, PrintWriter err) {
        if (ports.isEmpty()) {
            err.println(Errors.PREFIX + "--kernel watches the ports given with --port, and none was given: going on"
                    + " without kernel data");
            err.flush();
            return null;
        }
        KernelHook hook = new KernelHook();
        try {
            hook.events = KernelEvents.start(ports, hook::take);
            return hook;
        } catch (KernelUnavailableException e) {
            err.println(Errors.PREFIX + "--kernel: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    private synchronized void take(KernelEvent e) {
        if (held.size() >= MAX_EVENTS) {
            held.subList(0, MAX_EVENTS / 10).clear();
        }
        held.add(e);
    }

    /** Reads the events up to now and removes the tracing instance. Idempotent. */
    void stop() {
        events.stop();
    }

    private synchronized KernelWord wordOn(ConnectionReport r) {
        KernelWord w = KernelWord.of(r, held, events.clock(), owners);
        // Reported connections' events are done with.
        held.removeIf(e -> e.concerns(r.client(), r.server()));
        return w;
    }

    /**
     * {@code delegate}, with the kernel's word added to each connection: in JSON as a
     * {@code kernel} object, in text and Markdown as lines after the connection. Other formats
     * (line-per-record ones) pass through unchanged, and {@code err} says so once.
     */
    ReportWriter wrap(ReportWriter delegate, ReportFormat format, PrintWriter out, PrintWriter err) {
        if (format != ReportFormat.JSON && format != ReportFormat.TEXT && format != ReportFormat.MARKDOWN) {
            err.println(Errors.PREFIX + "--kernel: the " + format.name().toLowerCase(java.util.Locale.ROOT)
                    + " format has no kernel section; use --format text or json to see the kernel's word");
            err.flush();
            return delegate;
        }
        if (format == ReportFormat.JSON) {
            // The JSON document goes out whole at the end: a copy rendered in memory takes its place.
            delegate.close();
            return new JsonWithKernel(out);
        }
        return new ReportWriter() {
            @Override
            public void startInput(String path) {
                delegate.startInput(path);
            }

            @Override
            public void connection(ConnectionReport report) {
                delegate.connection(report);
                for (String s : wordOn(report).sentences(report)) {
                    out.println("    kernel: " + s);
                }
                out.flush();
            }

            @Override
            public void endInput(InputReport input) {
                delegate.endInput(input);
            }

            @Override
            public void finish() {
                delegate.finish();
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }

    /**
     * The JSON document is the analyzer's, written whole at the end: it is rendered into memory
     * and each connection gets its {@code kernel} object by id before it goes out.
     */
    private final class JsonWithKernel implements ReportWriter {
        private final StringWriter buffer = new StringWriter();
        private final ReportWriter inner;
        private final PrintWriter out;
        private final Map<Integer, ObjectNode> words = new HashMap<>();
        private final ObjectMapper mapper = new ObjectMapper();

        JsonWithKernel(PrintWriter out) {
            this.inner = ReportFormat.JSON.openLive(new PrintWriter(buffer));
            this.out = out;
        }

        @Override
        public void startInput(String path) {
            inner.startInput(path);
        }

        @Override
        public void connection(ConnectionReport report) {
            inner.connection(report);
            words.put(report.id(), json(wordOn(report), report));
        }

        @Override
        public void endInput(InputReport input) {
            inner.endInput(input);
        }

        @Override
        public void finish() {
            inner.finish();
            try {
                JsonNode doc = mapper.readTree(buffer.toString());
                for (JsonNode c : (ArrayNode) doc.get("connections")) {
                    ObjectNode k = words.get(c.get("id").asInt());
                    if (k != null) {
                        ((ObjectNode) c).set("kernel", k);
                    }
                }
                DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                        .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                        .withSeparators(Separators.createDefaultInstance()
                                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
                out.println(mapper.writer(printer).writeValueAsString(doc));
                out.flush();
            } catch (IOException e) {
                throw new ReportException("cannot add the kernel sections to the JSON report: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            inner.close();
        }

        private ObjectNode json(KernelWord w, ConnectionReport r) {
            ObjectNode k = mapper.createObjectNode();
            ArrayNode resets = k.putArray("resets");
            for (KernelWord.Reset x : w.resets()) {
                ObjectNode o = resets.addObject();
                o.put("from", x.from().wire());
                o.put("reason", x.reason());
                o.put("meaning", x.meaning());
                o.put("time", Instant.ofEpochSecond(0, x.timeNanos()).toString());
                o.put("frame", x.frame());
            }
            ArrayNode errors = k.putArray("errors");
            for (KernelWord.ErrorReport x : w.errors()) {
                ObjectNode o = errors.addObject();
                o.put("side", x.side().wire());
                o.put("errno", x.errno());
                o.put("result", x.result());
                o.put("time", Instant.ofEpochSecond(0, x.timeNanos()).toString());
                o.put("frame", x.frame());
            }
            ArrayNode states = k.putArray("states");
            for (KernelWord.Change x : w.states()) {
                ObjectNode o = states.addObject();
                o.put("side", x.side().wire());
                o.put("from", x.from());
                o.put("to", x.to());
                o.put("time", Instant.ofEpochSecond(0, x.timeNanos()).toString());
            }
            ObjectNode owner = k.putObject("owners");
            w.owners().forEach((side, o) -> {
                ObjectNode p = owner.putObject(side.wire());
                p.put("pid", o.pid());
                p.put("command", o.command());
            });
            ArrayNode disagreements = k.putArray("disagreements");
            for (KernelCheck.Finding f : w.check().disagreements()) {
                ObjectNode o = disagreements.addObject();
                o.put("aspect", f.aspect().wire());
                o.put("kernel", f.kernel());
                o.put("analyzer", f.analyzer());
            }
            return k;
        }
    }
}
