package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.AnalysisSettings;
import io.tcpwhy.FrameAnalysis;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.pcap.CaptureReader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Prose is built only for what is printed: recorded samples go through the analysis, each
 * report's diagnosis wording and outcome texts are counted as they are built, and the
 * reports are written as the outputs write them.
 */
class ProseOnDemandTest {

    /** A report of a sample whose wordings count how often they are built. */
    private record Counted(ConnectionReport report, AtomicInteger wordings, AtomicInteger whys) {
    }

    @Test
    void summaryBuildsNoProseAtAll() {
        List<Counted> reports = samples();
        StringWriter out = new StringWriter();
        String text = render(out, new TextReport(out, Spool.DEFAULT_MEMORY_BYTES, false,
                ReportOptions.DEFAULT.withSummaryOnly(true)), reports);
        assertTrue(text.contains("REFUSED"), "the summary counts the refused connection: " + text);
        for (Counted c : reports) {
            assertEquals(0, c.wordings.get(), c.report.diagnosis().code() + " wording built for --summary");
            assertEquals(0, c.whys.get(), c.report.diagnosis().code() + " outcome texts built for --summary");
        }
    }

    @Test
    void textBuildsProseOnlyForTheStoriesItTells() {
        List<Counted> reports = samples();
        StringWriter out = new StringWriter();
        String text = render(out, new TextReport(out, Spool.DEFAULT_MEMORY_BYTES), reports);
        Counted orderly = find(reports, DiagnosisCode.ORDERLY);
        Counted refused = find(reports, DiagnosisCode.REFUSED);
        assertEquals(0, orderly.wordings.get(), "a quiet orderly close has no story, so no wording");
        assertEquals(0, orderly.whys.get());
        assertEquals(1, refused.wordings.get(), "the refused connection's story, worded once");
        assertTrue(refused.whys.get() > 0, "its outcomes are told");
        assertTrue(text.contains(refused.report.diagnosis().summary()), text);
    }

    @Test
    void jsonBuildsEveryWordingOnce() {
        List<Counted> reports = samples();
        StringWriter out = new StringWriter();
        String json = render(out, new JsonReport(out, false, false), reports);
        assertTrue(json.contains("\"summary\""), json);
        for (Counted c : reports) {
            assertEquals(1, c.wordings.get(), c.report.diagnosis().code() + ": summary, detail, frames, one wording");
            assertEquals(c.report.outcomes().size(), c.whys.get(), "each outcome's why, once");
        }
    }

    private static Counted find(List<Counted> reports, DiagnosisCode code) {
        return reports.stream().filter(c -> c.report.diagnosis().code() == code).findFirst().orElseThrow();
    }

    /** What {@code writer}, writing to {@code out}, makes of the reports. */
    private static String render(StringWriter out, ReportWriter writer, List<Counted> reports) {
        writer.startInput("samples");
        reports.forEach(c -> writer.connection(c.report));
        writer.endInput(new InputReport("samples", "pcap", List.of("EN10MB"), 1, 1, 0, 0, 0, true, null));
        writer.finish();
        writer.close();
        return out.toString();
    }

    /** A quiet orderly close and a refused connection, as the analysis reports them, with counting wordings. */
    private static List<Counted> samples() {
        List<Counted> out = new ArrayList<>();
        for (String name : List.of("orderly_close.pcap", "connection_refused.pcap")) {
            // Surefire runs in the module folder; the samples are the repository's samples/.
            for (ConnectionReport r : analyze(Path.of("..", "samples", name))) {
                out.add(counted(r));
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }

    private static Counted counted(ConnectionReport r) {
        AtomicInteger wordings = new AtomicInteger();
        AtomicInteger whys = new AtomicInteger();
        Diagnosis d = r.diagnosis();
        Diagnosis counting = Diagnosis.lazy(d.code(), d.closedBy(), () -> {
            wordings.incrementAndGet();
            return d.wording();
        });
        Function<Outcome, Outcome> count = o -> Outcome.lazy(o.side(), o.call(), o.result(), o.frame(), () -> {
            whys.incrementAndGet();
            return o.why();
        });
        ConnectionReport copy = new ConnectionReport(r.id(), r.client(), r.server(), r.rolesInferred(),
                r.firstFrame(), r.lastFrame(), r.startNanos(), r.endNanos(), r.timestampDigits(), r.clientBytes(),
                r.serverBytes(), r.zeek(), r.zeekRecords(), r.clientState(), r.serverState(), r.timeline(), counting,
                r.annotations(), r.outcomes().stream().map(count).toList(), r.segments(), r.tunnel());
        return new Counted(copy, wordings, whys);
    }

    private static List<ConnectionReport> analyze(Path capture) {
        List<ConnectionReport> reports = new ArrayList<>();
        FrameAnalysis analysis = new FrameAnalysis(1, AnalysisSettings.FILES, reports::add);
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next()) {
                analysis.frame(reader.frameNumber(), reader.timestampNanos(), reader.timestampDigits(),
                        reader.linkType(), reader.buffer(), reader.dataOffset(), reader.capturedLength());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + capture + ": " + e.getMessage(), e);
        }
        analysis.finish();
        return reports;
    }
}
