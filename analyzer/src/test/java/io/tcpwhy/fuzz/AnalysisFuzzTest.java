package io.tcpwhy.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.pcap.CaptureFormatException;
import io.tcpwhy.report.ReportFormat;
import io.tcpwhy.report.ReportWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole analysis on any capture bytes, rendered in every output format: reading,
 * decoding, tracking and diagnosis never throw anything but a {@link
 * CaptureFormatException} for a file that is not a capture, every connection keeps the
 * invariants of {@link Properties}, and the JSON report parses.
 */
class AnalysisFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void anyCapture(byte[] data) throws IOException {
        Path file = Properties.file("analysis.pcap", data);
        List<ConnectionReport> reports = new ArrayList<>();
        InputReport in;
        try {
            in = new Analyzer().analyze(file, 1, reports::add, ProgressListener.NONE);
        } catch (CaptureFormatException e) {
            return;
        }
        Properties.checkInput(in);
        for (ConnectionReport c : reports) {
            Properties.checkConnection(c, in.frames());
        }
        for (ReportFormat format : ReportFormat.values()) {
            StringWriter out = new StringWriter();
            try (ReportWriter report = format.open(out)) {
                report.startInput(file.toString());
                reports.forEach(report::connection);
                report.endInput(in);
                report.finish();
            }
            if (format == ReportFormat.JSON) {
                Properties.checkJson(out.toString());
            }
        }
    }
}
