package io.tcpwhy.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tcpwhy.model.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScriptFileTest {

    @TempDir
    Path dir;

    static java.util.Set<String> samples() {
        return ReplaySamplesTest.samples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void anExportedScriptReadsBackAsTheSameScript(String name) throws Exception {
        Script s = ReplaySamplesTest.clientScript(name);
        Path file = dir.resolve(name + ".json");
        ScriptFile.write(s, file);
        Script back = ScriptFile.read(file);
        assertEquals(s.describe(), back.describe());
        assertEquals(s.original(), back.original());
        assertArrayEquals(s.peerPayload(), back.peerPayload());
        for (int i = 0; i < s.steps().size(); i++) {
            assertArrayEquals(s.steps().get(i).data(), back.steps().get(i).data(), "step " + i);
        }
        assertEquals(ScriptFile.toJson(s), ScriptFile.toJson(back));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tcpwhy.replay.KeepAliveScriptTest#productionSamples")
    void aProductionSamplesScriptReadsBackAsTheSameScript(String name) throws Exception {
        Script s = ProductionSamples.clientScript(name);
        Path file = dir.resolve(name + ".json");
        ScriptFile.write(s, file);
        Script back = ScriptFile.read(file);
        assertEquals(s.keepAlive(), back.keepAlive());
        assertEquals(s.describe(), back.describe());
        assertEquals(ScriptFile.toJson(s), ScriptFile.toJson(back));
    }

    @Test
    void aKeepAliveWithoutProbesIsRefused() throws Exception {
        String json = ScriptFile.toJson(ProductionSamples.clientScript("peer_unreachable_keepalive"));
        ReplayException e = broken(json.replace("\"probes\" : 2", "\"probes\" : 0"));
        assertEquals(true, e.getMessage().endsWith("keepalive.probes is 0 (expected an integer from 1 to 127)"),
                e.getMessage());
    }

    @Test
    void anEditedStepIsPlayedAsEdited() throws Exception {
        Script s = ReplaySamplesTest.clientScript("orderly_close");
        Path file = dir.resolve("edited.json");
        Files.writeString(file, ScriptFile.toJson(s).replace("\"GET /status\\n\"", "\"GET /health\\n\""));
        assertEquals("GET /health\n", new String(ScriptFile.read(file).steps().get(0).data()));
    }

    @Test
    void binaryPayloadIsWrittenAsBase64() {
        assertEquals(null, ScriptFile.printable(new byte[] {0x16, 0x03, 0x01}));
        assertEquals("ok\r\n", ScriptFile.printable("ok\r\n".getBytes()));
    }

    private ReplayException broken(String json) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, json);
        return assertThrows(ReplayException.class, () -> ScriptFile.read(file));
    }

    private String valid() throws Exception {
        return ScriptFile.toJson(ScriptBuilder.build(RecordingReader.read(Samples.pcap("orderly_close"),
                RecordingReader.Selection.of(null, null, null)), Side.CLIENT, "orderly_close.pcap"));
    }

    @Test
    void notJsonSaysWhere() throws Exception {
        ReplayException e = broken("{\n  \"format\": ");
        assertEquals(true, e.getMessage().contains("broken.json: not JSON at line 2"), e.getMessage());
    }

    @Test
    void anotherJsonFileIsNotAScript() throws Exception {
        ReplayException e = broken("{\"scenario\": \"half_close\"}");
        assertEquals(true, e.getMessage().endsWith("broken.json: format is missing (expected a string)"), e.getMessage());
    }

    @Test
    void anUnknownStepIsNamed() throws Exception {
        ReplayException e = broken(valid().replace("\"step\" : \"expect\"", "\"step\" : \"sleep\""));
        assertEquals("unknown step 'sleep' (expected send, expect, expect_end, await_unread or shutdown)", e.getMessage());
    }

    @Test
    void aNegativeByteCountIsRefused() throws Exception {
        ReplayException e = broken(valid().replace("\"bytes\" : 7", "\"bytes\" : -7"));
        assertEquals(true, e.getMessage().endsWith("steps[1].bytes is -7 (expected a byte count from 0 to 67108864)"),
                e.getMessage());
    }

    @Test
    void aConnectThatGaveUpNeedsItsDeadline() throws Exception {
        String json = ScriptFile.toJson(ProductionSamples.clientScript("connect_gave_up_before_synack"));
        assertEquals(true, json.contains("\"connect_timeout_ms\" : 1512.68"), json);
        ReplayException e = broken(json.replaceFirst("\"connect_timeout_ms\" : [0-9.]+", "\"connect_timeout_ms\" : 0"));
        assertEquals(true, e.getMessage().endsWith("connect_timeout_ms is 0 (expected at least 1 for handshake gave_up)"),
                e.getMessage());
    }

    @Test
    void anUnknownEndingIsNamed() throws Exception {
        ReplayException e = broken(valid().replace("\"how\" : \"close\"", "\"how\" : \"slam\""));
        assertEquals(true, e.getMessage().startsWith("unknown ending 'slam'"), e.getMessage());
    }
}
