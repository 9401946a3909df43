package io.tcpwhy.samples;

import static io.tcpwhy.capture.LiveCaptureRule.live;

import io.tcpwhy.lab.ScenarioLab;
import io.tcpwhy.lab.ScenarioRecord;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-runs every scenario live and holds the analyzer to today's kernel, not only to the files
 * in samples/. Skipped with the reason where live capture is impossible; failed instead when
 * TCPWHY_REQUIRE_LIVE=1 (CI).
 */
class LiveScenariosTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> analyzerPredictsWhatEachFreshRunObserved() {
        return ScenarioLab.scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            ScenarioRecord record = live(() -> ScenarioLab.run(s.name(), dir));
            SampleCheck.check(record, dir.resolve(s.name() + ".pcap"));
        }));
    }
}
