package io.tcpwhy.lab;

import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One scenario connection: the client socket, the accepted server socket, and every call made
 * on them, recorded as it returns. Calls never throw the socket errors the scenarios provoke:
 * they record them and return the result, so a script reads like the experiment.
 */
final class Conn {

    /** Big enough for every message a scenario sends, so one read takes a whole message. */
    private static final int READ_BUFFER = 4096;

    private final Stage stage;
    private final DiagnosisCode expected;
    private final TcpState clientState;
    private final TcpState serverState;
    private final Socket client;
    private final Endpoint clientEndpoint;
    private volatile Socket server;
    private final List<ObservedCall> calls = new ArrayList<>();
    private OptionalLong framesAfterLocalClose = OptionalLong.empty();

    /**
     * How the client socket is made, which decides what its close() sends. The JDK's Socket
     * (NioSocketImpl, JDK 13 and later) shuts the output down before closing unless SO_LINGER is
     * 0, so a close with unread data sends FIN and then RST. A SocketChannel's socket closes like
     * C, Go or Python do: with unread data, RST alone.
     */
    enum ClientKind {
        JAVA_SOCKET, PLAIN_CLOSE
    }

    Conn(Stage stage, ClientKind kind, DiagnosisCode expected, TcpState clientState, TcpState serverState)
            throws IOException {
        this.stage = stage;
        this.expected = expected;
        this.clientState = clientState;
        this.serverState = serverState;
        this.client = kind == ClientKind.JAVA_SOCKET ? new Socket() : SocketChannel.open().socket();
        // Bound before connecting, so the client's port is known even when the connect fails.
        client.bind(new InetSocketAddress(Stage.LOOPBACK, 0));
        this.clientEndpoint = endpoint(client.getLocalPort());
    }

    private static Endpoint endpoint(int port) {
        return new Endpoint(IpAddress.parse(Stage.LOOPBACK.getHostAddress()), port);
    }

    /** The client connects to the stage's port, waiting at most {@code timeoutMillis} (0: the kernel's patience). */
    ObservedResult connect(int timeoutMillis) throws ScenarioException {
        try {
            client.connect(new InetSocketAddress(Stage.LOOPBACK, stage.port()), timeoutMillis);
            return record(Side.CLIENT, SocketCall.CONNECT, ObservedResult.OK, "connected to " + endpoint(stage.port()));
        } catch (IOException e) {
            return failed(Side.CLIENT, SocketCall.CONNECT, e);
        }
    }

    ObservedResult connect() throws ScenarioException {
        return connect(0);
    }

    /** The server accepts this connection from the stage's listener. Not a recorded call: it cannot fail here. */
    void accept() throws IOException {
        server = stage.listener().accept();
    }

    ObservedResult write(Side side, String message) throws ScenarioException {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        try {
            socket(side).getOutputStream().write(bytes);
            return record(side, SocketCall.WRITE, ObservedResult.OK, "write(" + bytes.length + " bytes) returned");
        } catch (IOException e) {
            return failed(side, SocketCall.WRITE, e);
        }
    }

    ObservedResult read(Side side) throws ScenarioException {
        try {
            int n = socket(side).getInputStream().read(new byte[READ_BUFFER]);
            return record(side, SocketCall.READ, n < 0 ? ObservedResult.EOF : ObservedResult.OK, "read() returned " + n);
        } catch (IOException e) {
            return failed(side, SocketCall.READ, e);
        }
    }

    /** A read deadline, Java's SO_TIMEOUT: the read fails with SocketTimeoutException when it passes. */
    void readDeadline(Side side, int millis) throws IOException {
        socket(side).setSoTimeout(millis);
    }

    /** SO_LINGER on with 0 seconds: close() then sends RST and discards what is unsent. */
    void lingerZero(Side side) throws IOException {
        socket(side).setSoLinger(true, 0);
    }

    void shutdownOutput(Side side) throws IOException {
        socket(side).shutdownOutput();
    }

    void close(Side side) throws IOException {
        socket(side).close();
    }

    /** Counts the frames captured while {@code calls} run on sockets already closed locally. */
    void measureFramesAfterLocalClose(Stage.Script calls, long settleMillis) throws Exception {
        Stage.pause(settleMillis);
        long before = stage.capturedFrames();
        calls.run();
        Stage.pause(settleMillis);
        long after = stage.capturedFrames();
        synchronized (this) {
            framesAfterLocalClose = OptionalLong.of(after - before);
        }
    }

    private Socket socket(Side side) {
        if (side == Side.CLIENT) {
            return client;
        }
        Socket s = server;
        if (s == null) {
            throw new IllegalStateException(stage.scenario() + ": the server side was never accepted");
        }
        return s;
    }

    private ObservedResult failed(Side side, SocketCall call, IOException e) throws ScenarioException {
        ObservedResult result;
        try {
            result = ObservedResult.of(e);
        } catch (ScenarioException unknown) {
            throw new ScenarioException(stage.scenario() + ": " + side.wire() + " " + call.wire() + ": "
                    + unknown.getMessage(), e);
        }
        return record(side, call, result, e.toString());
    }

    private ObservedResult record(Side side, SocketCall call, ObservedResult result, String detail) {
        // One lock for the whole stage: calls are listed in the order they returned, across both threads.
        synchronized (stage.callOrder()) {
            synchronized (this) {
                calls.add(new ObservedCall(side, call, result, detail));
            }
        }
        return result;
    }

    synchronized ObservedConnection observed() {
        Endpoint serverEndpoint = endpoint(stage.port());
        return new ObservedConnection(clientEndpoint, serverEndpoint, expected, clientState, serverState, calls,
                framesAfterLocalClose);
    }

    void closeQuietly() {
        for (Socket s : new Socket[] {client, server}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Reset or closed already: nothing to release.
                }
            }
        }
    }
}
