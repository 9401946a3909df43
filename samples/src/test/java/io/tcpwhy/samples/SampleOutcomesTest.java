package io.tcpwhy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.lab.ScenarioInfo;
import io.tcpwhy.lab.ScenarioLab;
import io.tcpwhy.lab.ScenarioRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every recorded sample: the analyzer predicts what the sockets observed and names the scenario's diagnosis. */
class SampleOutcomesTest {

    /** The samples module's folder: Maven runs the tests there. */
    static final Path SAMPLES = Path.of(System.getProperty("basedir", "."));

    static List<Path> sampleRecords() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyScenarioHasARecordedSample() throws IOException {
        List<String> recorded = sampleRecords().stream()
                .map(p -> p.getFileName().toString().replaceFirst("\\.json$", "")).sorted().toList();
        List<String> scenarios = ScenarioLab.scenarios().stream().map(ScenarioInfo::name).sorted().toList();
        assertEquals(scenarios, recorded, "samples/NAME.json for every scenario, and no stale ones");
        for (String name : recorded) {
            assertEquals(true, Files.isRegularFile(SAMPLES.resolve(name + ".pcap")), name + ".pcap next to " + name + ".json");
        }
    }

    @TestFactory
    Stream<DynamicTest> analyzerPredictsWhatEachSampleObserved() throws IOException {
        return sampleRecords().stream().map(json -> DynamicTest.dynamicTest(json.getFileName().toString(), () -> {
            ScenarioRecord record = ScenarioRecord.read(json);
            SampleCheck.check(record, json.resolveSibling(record.scenario() + ".pcap"));
        }));
    }
}
