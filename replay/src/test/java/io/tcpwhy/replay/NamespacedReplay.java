package io.tcpwhy.replay;

import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.report.ReportFormat;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The replay's client as a child JVM inside a network namespace, as the lab runs its peer
 * programs ({@code ip netns exec NS java ... NamespacedReplay ...}): a JVM's sockets and live
 * capture live in the namespace it was started in. Plays a script file against TARGET,
 * captures on INTERFACE, and prints the comparison as the replay's JSON report on stdout.
 *
 * <pre>NamespacedReplay SCRIPT.json HOST PORT INTERFACE SPEED WAIT_MS OBSERVE_MS</pre>
 *
 * Exits 0 once the report is printed, {@value #UNAVAILABLE} when live capture is impossible
 * (its message on stderr), 1 on any other failure (on stderr).
 */
public final class NamespacedReplay {

    /** The exit status when live capture is impossible, as tcpwhy replay's. */
    static final int UNAVAILABLE = 4;
    private static final int ARGUMENTS = 7;

    private NamespacedReplay() {
    }

    public static void main(String[] args) {
        if (args.length != ARGUMENTS) {
            System.err.println("usage: NamespacedReplay SCRIPT.json HOST PORT INTERFACE SPEED WAIT_MS OBSERVE_MS (got "
                    + args.length + " arguments)");
            System.exit(1);
        }
        try {
            Script script = ScriptFile.read(Path.of(args[0]));
            InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
            int waitMillis = Integer.parseInt(args[5]);
            Replay.Options options = Replay.Options.client(target)
                    .withTiming(new Timing(false, Double.parseDouble(args[4])))
                    .withTimeouts(waitMillis, waitMillis, Long.parseLong(args[6]))
                    .withCapture(args[3], null);
            ReplayResult result = Replay.run(script, options);
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            ReplayReport.write(result, ReportFormat.JSON, null, out);
            System.exit(0);
        } catch (CaptureUnavailableException e) {
            System.err.println(e.getMessage());
            System.exit(UNAVAILABLE);
        } catch (Exception e) {
            System.err.println(e);
            System.exit(1);
        }
    }
}
