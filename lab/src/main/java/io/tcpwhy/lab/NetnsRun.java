package io.tcpwhy.lab;

import io.tcpwhy.capture.CaptureStatistics;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.kernel.KernelEvent;
import io.tcpwhy.kernel.KernelEvents;
import io.tcpwhy.kernel.KernelStatistics;
import io.tcpwhy.kernel.KernelUnavailableException;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a {@link NetnsScenario}: builds its namespaces, starts the server's and then the
 * client's program as child JVMs inside them ({@code ip netns exec NS java ... NetnsPeer}),
 * carries out the steps they ask for, and gathers their calls (ordered by the wall clock they
 * returned at: both children read the same clock) and the client's capture statistics into a
 * {@link ScenarioRecord}, and the kernel's events of the run's socket pairs (tracepoints see
 * every namespace) into {@code NAME.kernel.json}, as {@link ScenarioLab#run} does on loopback.
 * The namespaces are removed before it returns.
 */
final class NetnsRun {

    /** Everything a namespace scenario does takes well under this; more means a program hangs. */
    static final long RUN_TIMEOUT_SECONDS = 60;
    /** Child JVMs start quickly and lean: they run a few sockets, not the analyzer. */
    private static final List<String> CHILD_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx64m");

    /** A rule that counts and rejects with a RST, as {@code nft list} prints it. */
    private static final Pattern REJECT_COUNTER = Pattern.compile("counter packets (\\d+) bytes \\d+ reject with tcp reset");

    private final NetnsScenario scenario;
    private final List<KernelEvent> kernelEvents = new CopyOnWriteArrayList<>();
    private KernelEvents kernel;
    private String kernelUnavailable = "";
    private KernelStatistics kernelStats;
    private long middleboxResets;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private CaptureStatistics capture;
    private boolean serverWaitsForStop;

    private record Line(Side from, String text) {
    }

    private record Connection(Endpoint client, Endpoint server, DiagnosisCode expected, TcpState clientState,
                              TcpState serverState) {
    }

    private record Call(long epochNanos, int connection, ObservedCall call) {
    }

    private NetnsRun(NetnsScenario scenario) {
        this.scenario = scenario;
    }

    static ScenarioRecord run(NetnsScenario scenario, Path outDir)
            throws CaptureUnavailableException, ScenarioException, IOException {
        return new NetnsRun(scenario).play(outDir.toAbsolutePath());
    }

    private ScenarioRecord play(Path outDir) throws CaptureUnavailableException, ScenarioException, IOException {
        String name = scenario.name();
        // Tracepoints are global to the host: one instance sees the sockets of every namespace.
        // Started before the programs and stopped after them, as ScenarioLab.run does on loopback.
        try (Netns netns = scenario.routed() ? Netns.routed(name) : Netns.single(name)) {
            scenario.setup().apply(netns);
            try {
                kernel = KernelEvents.start(Set.of(Netns.SERVER_PORT), kernelEvents::add);
            } catch (KernelUnavailableException e) {
                kernelUnavailable = e.getMessage();
            }
            try {
                Child server = start(netns, netns.server(), Side.SERVER, scenario.serverJvmOptions(),
                        List.of("server", name));
                Child client = null;
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_TIMEOUT_SECONDS);
                    expect(PeerProtocol.LISTENING, deadline, server);
                    client = start(netns, netns.client(), Side.CLIENT, List.of(), List.of("client", name,
                            netns.routed() ? Netns.CLIENT_INTERFACE : Netns.LOOPBACK_INTERFACE,
                            outDir.resolve(name + ".pcap").toString()));
                    pump(netns, deadline, server, client);
                } finally {
                    server.stop();
                    if (client != null) {
                        client.stop();
                    }
                }
            } finally {
                stopKernelEvents();
            }
        }
        List<ObservedConnection> observed = new ArrayList<>();
        calls.sort(Comparator.comparingLong(Call::epochNanos));
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            int index = i;
            observed.add(new ObservedConnection(c.client(), c.server(), c.expected(), c.clientState(), c.serverState(),
                    calls.stream().filter(call -> call.connection() == index).map(Call::call).toList(),
                    OptionalLong.empty()));
        }
        ScenarioRecord record = new ScenarioRecord(name, scenario.description(), scenario.expectedDiagnosis(), observed,
                capture);
        record.write(outDir.resolve(name + ".json"));
        // The port is the namespaces' own 8080, which the host or another run may use too: only
        // the events of this run's socket pairs are kept.
        List<KernelEvent> ours = kernelEvents.stream().filter(e -> connections.stream()
                .anyMatch(c -> e.concerns(c.client(), c.server()))).toList();
        KernelRecord kernelRecord = kernelStats == null ? KernelRecord.without(name, kernelUnavailable)
                : new KernelRecord(name, "", KernelRecord.runningRelease(), kernelStats, ours, middleboxResets);
        kernelRecord.write(KernelRecord.fileFor(outDir, name));
        return record;
    }

    private void stopKernelEvents() {
        if (kernel != null && kernelStats == null) {
            kernelStats = kernel.stop();
        }
    }

    /**
     * The RSTs the router's nftables rules sent (their counters): the wire shows them in the
     * server's name, but the router rejects in netfilter (nf_send_reset), not through
     * tcp_v4_send_reset, so tcp:tcp_send_reset never sees them.
     */
    private static long rejectedByTheRouter(Netns netns) throws ScenarioException {
        long sent = 0;
        for (String line : netns.output(netns.router(), "nft", "list", "table", "inet", "tcpwhy_lab").lines().toList()) {
            Matcher m = REJECT_COUNTER.matcher(line);
            if (m.find()) {
                sent += Long.parseLong(m.group(1));
            }
        }
        return sent;
    }

    /** Handles the children's lines until the client has reported its capture and exited, then lets the server end. */
    private void pump(Netns netns, long deadline, Child server, Child client)
            throws ScenarioException, CaptureUnavailableException {
        boolean clientDone = false;
        while (!clientDone || !serverWaitsForStop) {
            Line line = next(deadline);
            if (line.text() == null) {
                if (line.from() == Side.SERVER) {
                    throw new ScenarioException(scenario.name() + ": the server program ended early (expected it to"
                            + " wait for '" + PeerProtocol.STOP + "')" + server.errors());
                }
                clientDone = true;
                if (capture == null) {
                    throw new ScenarioException(scenario.name() + ": the client program ended without its capture"
                            + " statistics" + client.errors());
                }
                continue;
            }
            handle(netns, line, line.from() == Side.SERVER ? server : client, server);
        }
        server.tell(PeerProtocol.STOP);
    }

    private void handle(Netns netns, Line line, Child from, Child server) throws ScenarioException, CaptureUnavailableException {
        String[] f = line.text().split(PeerProtocol.SEPARATOR, -1);
        String where = scenario.name() + ": " + line.from().wire() + " program";
        try {
            switch (f[0]) {
                case PeerProtocol.CONNECTION -> connections.add(new Connection(Endpoint.parse(f[2]), Endpoint.parse(f[3]),
                        DiagnosisCode.valueOf(f[4]), TcpState.valueOf(f[5]), TcpState.valueOf(f[6])));
                case PeerProtocol.CALL -> calls.add(new Call(Long.parseLong(f[1]), Integer.parseInt(f[2]),
                        new ObservedCall(Side.fromWire(f[3]), SocketCall.fromWire(f[4]), ObservedResult.fromWire(f[5]),
                                f[6])));
                case PeerProtocol.CAPTURE -> capture = new CaptureStatistics(Long.parseLong(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3]), Long.parseLong(f[4]), Boolean.parseBoolean(f[5]));
                case PeerProtocol.AWAIT -> {
                    if (f[1].equals(PeerProtocol.STOP) && from == server) {
                        // Answered once the client's capture has stopped: the server's sockets stay as they are till then.
                        serverWaitsForStop = true;
                        return;
                    }
                    if (f[1].equals(PeerProtocol.STOP)) {
                        // The client's capture has stopped: so do the kernel's events and the router's count,
                        // before either program's sockets close (the server's FIN then meets the router too).
                        stopKernelEvents();
                        if (netns.routed()) {
                            middleboxResets = rejectedByTheRouter(netns);
                        }
                        from.tell(PeerProtocol.STOP);
                        return;
                    }
                    NetnsScenario.Step step = scenario.steps().get(f[1]);
                    if (step == null) {
                        throw new ScenarioException(where + " awaits step '" + f[1] + "' (expected one of "
                                + scenario.steps().keySet() + ")");
                    }
                    step.apply(netns, f[2]);
                    from.tell(f[1]);
                }
                case PeerProtocol.UNAVAILABLE -> throw new CaptureUnavailableException(f[1]);
                case PeerProtocol.FAILED -> throw new ScenarioException(where + " failed: " + f[1]);
                default -> throw new ScenarioException(where + " said '" + line.text() + "' (expected a "
                        + "PeerProtocol line)");
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ScenarioException(where + " said '" + line.text() + "', which does not parse: " + e.getMessage(), e);
        }
    }

    private void expect(String kind, long deadline, Child from) throws ScenarioException, CaptureUnavailableException {
        Line line = next(deadline);
        if (line.text() != null && line.text().equals(kind)) {
            return;
        }
        if (line.text() != null && (line.text().startsWith(PeerProtocol.FAILED)
                || line.text().startsWith(PeerProtocol.UNAVAILABLE))) {
            handle(null, line, from, from);
        }
        throw new ScenarioException(scenario.name() + ": " + line.from().wire() + " program said '" + line.text()
                + "' (expected '" + kind + "')" + from.errors());
    }

    private Line next(long deadline) throws ScenarioException {
        try {
            Line line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new ScenarioException(scenario.name() + ": the programs did not finish within "
                        + RUN_TIMEOUT_SECONDS + " s");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioException(scenario.name() + ": interrupted", e);
        }
    }

    private Child start(Netns netns, String ns, Side side, List<String> jvmOptions, List<String> args)
            throws ScenarioException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        java.addAll(CHILD_JVM_OPTIONS);
        java.addAll(jvmOptions);
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), NetnsPeer.class.getName()));
        java.addAll(args);
        try {
            Process p = new ProcessBuilder(Netns.inNamespace(ns, java)).start();
            Child child = new Child(side, p);
            child.readInto(lines);
            return child;
        } catch (IOException e) {
            throw new ScenarioException(scenario.name() + ": cannot start the " + side.wire() + " program: "
                    + e.getMessage(), e);
        }
    }

    /** A child JVM: its stdin for answers, its stdout read into the queue, its stderr kept for error messages. */
    private static final class Child {
        /** Enough of a child's stderr to show why it failed. */
        private static final int ERRORS_KEPT = 2000;

        private final Side side;
        private final Process process;
        private final Writer in;
        private volatile ChildErrors errors;

        Child(Side side, Process process) {
            this.side = side;
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        void readInto(BlockingQueue<Line> queue) {
            daemon(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        queue.add(new Line(side, l));
                    }
                } catch (IOException ignored) {
                    // The child is gone: the end-of-stream line below says so.
                }
                queue.add(new Line(side, null));
            }, "out");
            errors = ChildErrors.follow(process, ERRORS_KEPT, "tcpwhy-netns-" + side.wire() + "-err");
        }

        private void daemon(Runnable r, String what) {
            Thread t = new Thread(r, "tcpwhy-netns-" + side.wire() + "-" + what);
            t.setDaemon(true);
            t.start();
        }

        void tell(String step) throws ScenarioException {
            try {
                in.write(PeerProtocol.GO + PeerProtocol.SEPARATOR + step + "\n");
                in.flush();
            } catch (IOException e) {
                throw new ScenarioException("the " + side.wire() + " program is gone: " + e.getMessage() + errors(), e);
            }
        }

        String errors() {
            String e = errors == null ? "" : errors.text();
            return e.isEmpty() ? "" : " (its stderr: " + e.lines().limit(5).reduce((a, b) -> a + " | " + b)
                    .orElse("") + ")";
        }

        /** Waits briefly for the child to end by itself, then ends it by its pid. */
        void stop() {
            try {
                if (!process.waitFor(Scenarios.READ_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(Scenarios.READ_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static Optional<NetnsScenario> find(String name) {
        return NetnsScenarios.all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
