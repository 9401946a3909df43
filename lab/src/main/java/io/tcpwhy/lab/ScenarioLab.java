package io.tcpwhy.lab;

import io.tcpwhy.capture.CaptureOptions;
import io.tcpwhy.capture.CaptureStatistics;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCapture;
import io.tcpwhy.capture.PacketListener;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the built-in scenarios: real client and server sockets on 127.0.0.1, each scenario on a
 * port of its own, recorded by a live capture filtered to that port. Each run writes
 * {@code NAME.pcap} (the wire) and {@code NAME.json} (what the sockets' calls returned).
 * Scenarios that need a network of their own run in network namespaces ({@link NetnsRun}).
 */
public final class ScenarioLab {

    private ScenarioLab() {
    }

    public static List<ScenarioInfo> scenarios() {
        return Stream.concat(Scenarios.all().stream()
                .map(s -> new ScenarioInfo(s.name(), s.description(), s.seeds(), s.expectedDiagnosis())),
                NetnsScenarios.all().stream().map(NetnsScenario::info))
                .toList();
    }

    public static Optional<ScenarioInfo> find(String name) {
        return scenarios().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Runs scenario {@code name}, writing {@code outDir/NAME.pcap} and {@code outDir/NAME.json}.
     *
     * @throws IllegalArgumentException no scenario has that name
     * @throws CaptureUnavailableException the capture cannot run here (or, for a namespace
     *         scenario, namespaces cannot be made here: not root, no iproute2 or nftables)
     * @throws ScenarioException the script could not be carried out
     * @throws IOException the output folder or files cannot be written
     */
    public static ScenarioRecord run(String name, Path outDir)
            throws CaptureUnavailableException, ScenarioException, IOException {
        Optional<NetnsScenario> inNamespaces = NetnsRun.find(name);
        if (inNamespaces.isPresent()) {
            Files.createDirectories(outDir);
            return NetnsRun.run(inNamespaces.get(), outDir);
        }
        Scenario scenario = Scenarios.all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario '" + name + "' (expected one of "
                        + String.join(", ", scenarios().stream().map(ScenarioInfo::name).toList()) + ")"));
        Files.createDirectories(outDir);
        ServerSocket listener = null;
        int port;
        if (scenario.backlog() == Scenario.NO_LISTENER) {
            // A port nothing listens on: one the kernel just handed out and took back.
            try (ServerSocket probe = new ServerSocket(0, 1, Stage.LOOPBACK)) {
                port = probe.getLocalPort();
            }
        } else {
            listener = new ServerSocket(0, scenario.backlog(), Stage.LOOPBACK);
            port = listener.getLocalPort();
        }
        LiveCapture capture;
        try {
            capture = LiveCapture.start(CaptureOptions.loopback(CaptureOptions.tcpPortFilter(port),
                    outDir.resolve(name + ".pcap")), PacketListener.NONE);
        } catch (CaptureUnavailableException e) {
            if (listener != null) {
                listener.close();
            }
            throw e;
        }
        Stage stage = new Stage(name, listener, port, capture::frames);
        CaptureStatistics stats;
        try {
            scenario.body().play(stage);
            stage.finish();
        } catch (ScenarioException | IOException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioException(name + ": interrupted", e);
        } catch (Exception e) {
            throw new ScenarioException(name + ": the script failed: " + e, e);
        } finally {
            try {
                stats = capture.stop();
            } finally {
                stage.cleanUp();
            }
        }
        ScenarioRecord record = new ScenarioRecord(name, scenario.description(), scenario.expectedDiagnosis(),
                stage.connections().stream().map(Conn::observed).toList(), stats);
        record.write(outDir.resolve(name + ".json"));
        return record;
    }
}
