package io.tcpwhy.lab;

import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One side's program of a namespace scenario, as a child JVM inside its namespace sees it: the
 * sockets it makes, every call reported to the parent as a line on stdout as it returns, and the
 * steps it waits on (the parent changes the network, then answers on stdin). The line protocol
 * is {@link PeerProtocol}'s.
 */
final class Peer {

    private final String scenario;
    private final Side side;
    private final InetAddress clientAddress;
    private final InetAddress serverAddress;
    private final PrintStream out;
    private final BufferedReader in;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<ServerSocket> listeners = new ArrayList<>();
    private int accepted;
    private int opened;

    Peer(String scenario, Side side, boolean routed, PrintStream out, BufferedReader in) throws UnknownHostException {
        this.scenario = scenario;
        this.side = side;
        this.clientAddress = InetAddress.getByName(routed ? Netns.CLIENT_ADDRESS : "127.0.0.1");
        this.serverAddress = InetAddress.getByName(routed ? Netns.SERVER_ADDRESS : "127.0.0.1");
        this.out = out;
        this.in = in;
    }

    String scenario() {
        return scenario;
    }

    InetSocketAddress server() {
        return new InetSocketAddress(serverAddress, Netns.SERVER_PORT);
    }

    /** The client's next connection: a socket bound to the client's address, not yet connected. */
    PeerConn connection(DiagnosisCode expected, TcpState clientState, TcpState serverState) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(clientAddress, 0));
        sockets.add(s);
        int index = opened++;
        send(PeerProtocol.CONNECTION, Integer.toString(index),
                clientAddress.getHostAddress() + ":" + s.getLocalPort(),
                serverAddress.getHostAddress() + ":" + Netns.SERVER_PORT,
                expected.name(), clientState.name(), serverState.name());
        return new PeerConn(this, Side.CLIENT, index, s);
    }

    ServerSocket listen(int backlog) throws IOException {
        ServerSocket l = new ServerSocket(Netns.SERVER_PORT, backlog, serverAddress);
        listeners.add(l);
        send(PeerProtocol.LISTENING);
        return l;
    }

    /** Tells the parent the server listens, when a library (not {@link #listen}) opened the listener. */
    void listening() {
        send(PeerProtocol.LISTENING);
    }

    /** The server accepts the next connection; the n-th accepted is the client's n-th connection. */
    PeerConn accept(ServerSocket listener) throws IOException {
        Socket s = listener.accept();
        sockets.add(s);
        return new PeerConn(this, Side.SERVER, accepted++, s);
    }

    /** Asks the parent for step {@code step} (with an argument) and waits until it is done. */
    void await(String step, String argument) throws IOException, ScenarioException {
        send(PeerProtocol.AWAIT, step, argument);
        String line = in.readLine();
        if (!(PeerProtocol.GO + PeerProtocol.SEPARATOR + step).equals(line)) {
            throw new ScenarioException(scenario + ": " + side.wire() + " waited for step '" + step + "' and the parent said '"
                    + line + "' (expected '" + PeerProtocol.GO + " " + step + "')");
        }
    }

    void record(int connection, Side side, SocketCall call, ObservedResult result, String detail) {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        send(PeerProtocol.CALL, Long.toString(nanos), Integer.toString(connection), side.wire(), call.wire(), result.name(),
                detail);
    }

    synchronized void send(String kind, String... fields) {
        StringBuilder line = new StringBuilder(kind);
        for (String f : fields) {
            line.append(PeerProtocol.SEPARATOR).append(f.replace('\t', ' ').replace('\n', ' '));
        }
        out.println(line);
        out.flush();
    }

    /** Closes what is still open: the program's end. */
    void closeAll() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Reset already: nothing to release.
            }
        }
        for (ServerSocket l : listeners) {
            try {
                l.close();
            } catch (IOException ignored) {
                // Nothing to release.
            }
        }
    }
}
