package io.tcpwhy.lab;

import io.tcpwhy.capture.CaptureOptions;
import io.tcpwhy.capture.CaptureStatistics;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCapture;
import io.tcpwhy.capture.PacketListener;
import io.tcpwhy.model.Side;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of a namespace scenario: {@code NetnsPeer client NAME INTERFACE PCAP} captures
 * the server port's traffic on INTERFACE into PCAP while it plays the client's program;
 * {@code NetnsPeer server NAME} plays the server's and then holds its sockets until the parent
 * says {@code go stop}; the client, once its capture has stopped, waits for its own {@code go
 * stop} too, so the parent can end the kernel's events before either program's sockets close. Started by {@link NetnsRun} through {@code ip netns exec}; it reports on
 * stdout in {@link PeerProtocol}'s lines and exits 0, or 1 after a {@code failed} or {@code
 * unavailable} line.
 */
public final class NetnsPeer {

    private NetnsPeer() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean client = args.length == 4 && args[0].equals("client");
        if (!client && !(args.length == 2 && args[0].equals("server"))) {
            out.println(PeerProtocol.FAILED + PeerProtocol.SEPARATOR + "usage: NetnsPeer client NAME INTERFACE PCAP"
                    + " | NetnsPeer server NAME (got " + args.length + " arguments)");
            System.exit(1);
        }
        NetnsScenario scenario = NetnsScenarios.all().stream().filter(s -> s.name().equals(args[1])).findFirst()
                .orElse(null);
        if (scenario == null) {
            out.println(PeerProtocol.FAILED + PeerProtocol.SEPARATOR + "no namespace scenario '" + args[1] + "'");
            System.exit(1);
        }
        Peer peer = null;
        try {
            peer = new Peer(scenario.name(), client ? Side.CLIENT : Side.SERVER, scenario.routed(), out, in);
            if (client) {
                playClient(scenario, peer, args[2], Path.of(args[3]));
            } else {
                scenario.server().play(peer);
                peer.await(PeerProtocol.STOP, "-");
            }
            peer.closeAll();
            System.exit(0);
        } catch (CaptureUnavailableException e) {
            report(out, PeerProtocol.UNAVAILABLE, e.getMessage());
        } catch (Exception e) {
            report(out, PeerProtocol.FAILED, e instanceof ScenarioException ? e.getMessage() : e.toString());
        } finally {
            if (peer != null) {
                peer.closeAll();
            }
        }
        System.exit(1);
    }

    private static void playClient(NetnsScenario scenario, Peer peer, String iface, Path pcap) throws Exception {
        LiveCapture capture = LiveCapture.start(new CaptureOptions(iface, CaptureOptions.tcpPortFilter(Netns.SERVER_PORT),
                CaptureOptions.FULL_SNAP_LENGTH, pcap), PacketListener.NONE);
        CaptureStatistics stats;
        try {
            scenario.client().play(peer);
            // Lets the kernel's last answer (an ACK, a RST) reach the capture.
            Stage.pause(Scenarios.SETTLE_MILLIS);
        } finally {
            stats = capture.stop();
        }
        peer.send(PeerProtocol.CAPTURE, Long.toString(stats.captured()), Long.toString(stats.kernelReceived()),
                Long.toString(stats.droppedByKernel()), Long.toString(stats.droppedByInterface()),
                Boolean.toString(stats.loopback()));
        // The parent stops reading the kernel's events now: what closing this program's sockets
        // does from here on happens after the capture and is on no wire.
        peer.await(PeerProtocol.STOP, "-");
    }

    private static void report(PrintStream out, String kind, String message) {
        out.println(kind + PeerProtocol.SEPARATOR + String.valueOf(message).replace('\t', ' ').replace('\n', ' '));
        out.flush();
    }
}
