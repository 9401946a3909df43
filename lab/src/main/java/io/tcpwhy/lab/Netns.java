package io.tcpwhy.lab;

import io.tcpwhy.capture.CaptureUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network namespaces of one scenario run, made with iproute2 and removed on {@link #close()}
 * (and by a shutdown hook if the JVM exits first). Names are unique per JVM and run, so
 * parallel runs never meet; the addresses (10.231.1.0/24 client side, 10.231.2.0/24 server
 * side) exist only inside these namespaces. Nothing here touches the host's own network.
 * Public (with the members below) for the replay module's tests, which replay the namespace
 * samples in namespaces made here.
 */
public final class Netns implements AutoCloseable {

    /** The client side's subnet: client {@code .2}, router {@code .1}. */
    public static final String CLIENT_ADDRESS = "10.231.1.2";
    static final String ROUTER_CLIENT_SIDE = "10.231.1.1";
    /** The server side's subnet: server {@code .2}, router {@code .1}. */
    public static final String SERVER_ADDRESS = "10.231.2.2";
    static final String ROUTER_SERVER_SIDE = "10.231.2.1";
    static final int PREFIX = 24;
    /** Every namespace scenario's server port: the namespaces are private, so a fixed port cannot clash. */
    public static final int SERVER_PORT = 8080;
    /** The client's interface, where the capture runs. */
    public static final String CLIENT_INTERFACE = "veth0";
    public static final String LOOPBACK_INTERFACE = "lo";

    /** No ip/nft/sysctl command takes longer than this; longer means something is broken. */
    private static final long COMMAND_TIMEOUT_SECONDS = 10;
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final List<String> TOOL_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private final String client;
    private final String router;
    private final String server;
    private final List<String> created = new ArrayList<>();
    private final Thread cleanUpAtExit = new Thread(this::deleteQuietly, "tcpwhy-netns-cleanup");

    private Netns(String prefix, boolean routed) {
        this.client = prefix + "c";
        this.router = routed ? prefix + "r" : null;
        this.server = routed ? prefix + "s" : client;
    }

    /** The client and server namespaces' names (the same namespace when not routed). */
    public String client() {
        return client;
    }

    public String server() {
        return server;
    }

    public String router() {
        if (router == null) {
            throw new IllegalStateException("a single namespace has no router");
        }
        return router;
    }

    public boolean routed() {
        return router != null;
    }

    /**
     * client ns (veth0 10.231.1.2) -- router ns (10.231.1.1 | 10.231.2.1, forwarding) --
     * server ns (veth0 10.231.2.2), each end's default route through the router.
     */
    public static Netns routed(String scenario) throws CaptureUnavailableException, ScenarioException {
        Netns n = create(true);
        try {
            n.link(n.client, CLIENT_INTERFACE, CLIENT_ADDRESS, n.router, "toclient", ROUTER_CLIENT_SIDE);
            n.link(n.server, CLIENT_INTERFACE, SERVER_ADDRESS, n.router, "toserver", ROUTER_SERVER_SIDE);
            n.ip(n.client, "route", "add", "default", "via", ROUTER_CLIENT_SIDE);
            n.ip(n.server, "route", "add", "default", "via", ROUTER_SERVER_SIDE);
            n.exec(n.router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            return n;
        } catch (ScenarioException | RuntimeException e) {
            n.close();
            throw new ScenarioException(scenario + ": cannot build the namespaces: " + e.getMessage(), e);
        }
    }

    /** One namespace with only its loopback up: client and server both live there. */
    public static Netns single(String scenario) throws CaptureUnavailableException, ScenarioException {
        return create(false);
    }

    private static Netns create(boolean routed) throws CaptureUnavailableException, ScenarioException {
        for (String tool : List.of("ip", "ss", "nft", "sysctl")) {
            if (TOOL_DIRS.stream().noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                throw new CaptureUnavailableException("network namespace scenarios need iproute2 and nftables"
                        + " (apt-get install iproute2 nftables procps): '" + tool + "' not found in " + TOOL_DIRS);
            }
        }
        Netns n = new Netns("tcpwhy-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet(), routed);
        Runtime.getRuntime().addShutdownHook(n.cleanUpAtExit);
        List<String> names = new ArrayList<>(List.of(n.client));
        if (routed) {
            names.add(n.router);
            names.add(n.server);
        }
        for (String name : names) {
            Result r = run(List.of("ip", "netns", "add", name), null);
            if (r.status != 0) {
                n.close();
                if (r.err.contains("Operation not permitted") || r.err.contains("Permission denied")) {
                    throw new CaptureUnavailableException("network namespace scenarios need root (CAP_SYS_ADMIN):"
                            + " 'ip netns add' said: " + r.err.strip());
                }
                throw new ScenarioException("'ip netns add " + name + "' failed with status " + r.status + ": "
                        + r.err.strip());
            }
            n.created.add(name);
            n.ip(name, "link", "set", "lo", "up");
        }
        return n;
    }

    private void link(String ns, String dev, String address, String peerNs, String peerDev, String peerAddress)
            throws ScenarioException {
        ip(ns, "link", "add", dev, "type", "veth", "peer", "name", peerDev, "netns", peerNs);
        ip(ns, "addr", "add", address + "/" + PREFIX, "dev", dev);
        ip(peerNs, "addr", "add", peerAddress + "/" + PREFIX, "dev", peerDev);
        ip(ns, "link", "set", dev, "up");
        ip(peerNs, "link", "set", peerDev, "up");
    }

    private void ip(String ns, String... args) throws ScenarioException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        check(cmd, null);
    }

    /** Runs {@code command} inside namespace {@code ns}. */
    public void exec(String ns, String... command) throws ScenarioException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        check(cmd, null);
    }

    /** Runs {@code command} inside namespace {@code ns} and returns what it printed. */
    public String output(String ns, String... command) throws ScenarioException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return check(cmd, null);
    }

    /** Loads an nftables script ({@code nft -f -}) inside namespace {@code ns}. */
    public void nft(String ns, String script) throws ScenarioException {
        check(List.of("ip", "netns", "exec", ns, "nft", "-f", "-"), script);
    }

    /** The command that runs {@code command} inside namespace {@code ns}, for child programs. */
    public static List<String> inNamespace(String ns, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(command);
        return cmd;
    }

    private static String check(List<String> cmd, String stdin) throws ScenarioException {
        Result r = run(cmd, stdin);
        if (r.status != 0) {
            throw new ScenarioException("'" + String.join(" ", cmd) + "' failed with status " + r.status + " (expected 0): "
                    + r.err.strip());
        }
        return r.out;
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(List<String> cmd, String stdin) throws ScenarioException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ScenarioException("'" + String.join(" ", cmd) + "' did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
            // Small outputs (a few lines of ip, nft, sysctl, ss), read after the end.
            String out;
            String err;
            try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
                out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
                err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new ScenarioException("cannot run '" + String.join(" ", cmd) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioException("interrupted while running '" + String.join(" ", cmd) + "'", e);
        }
    }

    /** Deletes the namespaces; their veths, rules and sockets go with them. */
    @Override
    public void close() {
        deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUpAtExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it deletes what is left.
        }
    }

    private synchronized void deleteQuietly() {
        for (String name : List.copyOf(created)) {
            try {
                run(List.of("ip", "netns", "del", name), null);
            } catch (ScenarioException ignored) {
                // Best effort: a namespace that cannot be deleted is reported by 'ip netns list'.
            }
            created.remove(name);
        }
    }
}
