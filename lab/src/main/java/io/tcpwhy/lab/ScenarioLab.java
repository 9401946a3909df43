package io.tcpwhy.lab;

import io.tcpwhy.capture.CaptureOptions;
import io.tcpwhy.capture.CaptureStatistics;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCapture;
import io.tcpwhy.capture.PacketListener;
import io.tcpwhy.kernel.KernelEvent;
import io.tcpwhy.kernel.KernelEvents;
import io.tcpwhy.kernel.KernelStatistics;
import io.tcpwhy.kernel.KernelUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Runs the built-in scenarios: real client and server sockets on 127.0.0.1, each scenario on a
 * port of its own, recorded by a live capture filtered to that port. Each run writes
 * {@code NAME.pcap} (the wire), {@code NAME.json} (what the sockets' calls returned) and
 * {@code NAME.kernel.json} (the kernel's own events for the port, or why there are none).
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
     * Runs scenario {@code name}, writing {@code outDir/NAME.pcap}, {@code outDir/NAME.json} and
     * {@code outDir/NAME.kernel.json}. Kernel events that cannot be read leave the run as it was:
     * NAME.kernel.json then says why.
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
        // The kernel's events start first and stop last, so they cover every captured frame.
        List<KernelEvent> kernelEvents = new CopyOnWriteArrayList<>();
        KernelEvents kernel = null;
        String kernelUnavailable = "";
        try {
            kernel = KernelEvents.start(Set.of(port), kernelEvents::add);
        } catch (KernelUnavailableException e) {
            kernelUnavailable = e.getMessage();
        }
        LiveCapture capture;
        try {
            capture = LiveCapture.start(CaptureOptions.loopback(CaptureOptions.tcpPortFilter(port),
                    outDir.resolve(name + ".pcap")), PacketListener.NONE);
        } catch (CaptureUnavailableException e) {
            if (listener != null) {
                listener.close();
            }
            if (kernel != null) {
                kernel.stop();
            }
            throw e;
        }
        Stage stage = new Stage(name, listener, port, capture::frames);
        CaptureStatistics stats;
        KernelStatistics kernelStats = null;
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
                if (kernel != null) {
                    kernelStats = kernel.stop();
                }
                stage.cleanUp();
            }
        }
        ScenarioRecord record = new ScenarioRecord(name, scenario.description(), scenario.expectedDiagnosis(),
                stage.connections().stream().map(Conn::observed).toList(), stats);
        record.write(outDir.resolve(name + ".json"));
        KernelRecord kernelRecord = kernelStats == null ? KernelRecord.without(name, kernelUnavailable)
                : new KernelRecord(name, "", KernelRecord.runningRelease(), kernelStats, kernelEvents);
        kernelRecord.write(KernelRecord.fileFor(outDir, name));
        return record;
    }
}
