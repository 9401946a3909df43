package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCaptureRule;
import io.tcpwhy.lab.ScenarioLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int tcpwhy(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void list_showsEveryScenarioWithItsExpectedDiagnosis() {
        assertEquals(ExitStatus.OK, tcpwhy("scenario", "list"));
        String[] lines = out.toString().split("\n");
        assertEquals(ScenarioLab.scenarios().size(), lines.length, out.toString());
        assertTrue(lines[0].startsWith("orderly_close ") && lines[0].contains(" ORDERLY "), lines[0]);
        assertTrue(out.toString().matches("(?s).*connect_timeout_backlog_full +SYN_UNANSWERED +.*"), out.toString());
    }

    @Test
    void runUnknownScenario_isAUsageErrorBeforeAnythingRuns() {
        assertEquals(ExitStatus.USAGE, tcpwhy("scenario", "run", "orderly_close", "nosuch", "--out", dir.toString()));
        assertTrue(err.toString().contains("no scenario 'nosuch'; 'tcpwhy scenario list' names them"), err.toString());
        assertEquals(0, dir.toFile().list().length, "nothing ran");
    }

    @Test
    void runWithoutNamesOrAll_isAUsageError() {
        assertEquals(ExitStatus.USAGE, tcpwhy("scenario", "run"));
    }

    @Test
    void runOneScenario_writesPcapAndJsonAndPrintsTheCalls() throws Exception {
        int status = tcpwhy("scenario", "run", "connection_refused", "--out", dir.toString());
        if (status == ExitStatus.CAPTURE_UNAVAILABLE) {
            LiveCaptureRule.unavailable(new CaptureUnavailableException(err.toString().strip()));
        }
        assertEquals(ExitStatus.OK, status, err.toString());
        assertTrue(Files.size(dir.resolve("connection_refused.pcap")) > 24, "the pcap holds frames");
        assertTrue(Files.readString(dir.resolve("connection_refused.json")).contains("\"result\" : \"ECONNREFUSED\""));
        assertTrue(out.toString().contains("client connect ECONNREFUSED java.net.ConnectException: Connection refused"),
                out.toString());
    }
}
