package io.tcpwhy.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.explain.EvidenceCapture;
import io.tcpwhy.explain.ExplainFormat;
import io.tcpwhy.explain.Explainer;
import io.tcpwhy.explain.Explanation;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.pcap.AnnotatedCapture;
import io.tcpwhy.pcap.CaptureFormatException;
import io.tcpwhy.report.FrameComments;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code explain} on any capture: every connection explained in every format, its
 * evidence written as pcap and as annotated pcapng and read back, and the whole capture
 * annotated. Only {@link CaptureFormatException} (not a capture) and the evidence writer's
 * "no frame of this connection" may end it.
 */
class ExplainFuzzTest {

    /** Bounds the work per input: a fuzzed capture can hold thousands of connections. */
    private static final int MAX_EXPLAINED = 8;

    @FuzzTest(maxDuration = "5m")
    void anyCapture(byte[] data) throws IOException {
        Path file = Properties.file("explain.pcap", data);
        List<ConnectionReport> reports = new ArrayList<>();
        try {
            new Analyzer().analyze(file, 1, reports::add, ProgressListener.NONE);
        } catch (CaptureFormatException e) {
            return;
        }
        FrameComments comments = new FrameComments(false);
        for (ConnectionReport c : reports.subList(0, Math.min(MAX_EXPLAINED, reports.size()))) {
            comments.add(c);
            Explanation e = Explainer.explainProblem(c);
            for (ExplainFormat format : ExplainFormat.values()) {
                StringWriter out = new StringWriter();
                format.write(e, out);
                if (format == ExplainFormat.JSON) {
                    Properties.checkJson(out.toString());
                }
            }
            EvidenceCapture.Written pcap = EvidenceCapture.write(file, c, Properties.file("evidence.pcap", new byte[0]));
            Properties.check(pcap.frames() >= 1, "evidence holds the connection's frames");
            Path pcapng = Properties.file("evidence.pcapng", new byte[0]);
            EvidenceCapture.Written annotated = EvidenceCapture.writeAnnotated(file, c, pcapng);
            Properties.check(annotated.frames() >= pcap.frames(), "annotated evidence holds every frame pcap did");
            CaptureReaderFuzzTest.readAll(pcapng);
        }
        Path whole = Properties.file("annotated.pcapng", new byte[0]);
        AnnotatedCapture.Result r = AnnotatedCapture.write(file, whole, comments);
        Properties.check(r.frames() >= 0 && r.comments() <= comments.count(), "annotation counts");
        CaptureReaderFuzzTest.readAll(whole);
    }
}
