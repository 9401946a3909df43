package io.tcpwhy.lab;

import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import jdk.net.ExtendedSocketOptions;

/**
 * One side's socket of a namespace scenario connection; every call is reported through its
 * {@link Peer} as it returns and never throws the socket errors the scenario provokes, as
 * {@link Conn} does in process.
 */
final class PeerConn {

    /** Big enough for every message a scenario sends, so one read takes a whole message. */
    private static final int READ_BUFFER = 4096;

    private final Peer peer;
    private final Side side;
    private final int index;
    private final Socket socket;

    PeerConn(Peer peer, Side side, int index, Socket socket) {
        this.peer = peer;
        this.side = side;
        this.index = index;
        this.socket = socket;
    }

    int localPort() {
        return socket.getLocalPort();
    }

    /** Connects to the server, waiting at most {@code timeoutMillis} (0: the kernel's patience). */
    ObservedResult connect(int timeoutMillis) throws ScenarioException {
        try {
            socket.connect(peer.server(), timeoutMillis);
            return record(SocketCall.CONNECT, ObservedResult.OK, "connected to "
                    + peer.server().getAddress().getHostAddress() + ":" + peer.server().getPort());
        } catch (IOException e) {
            return failed(SocketCall.CONNECT, e);
        }
    }

    ObservedResult write(String message) throws ScenarioException {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        try {
            socket.getOutputStream().write(bytes);
            return record(SocketCall.WRITE, ObservedResult.OK, "write(" + bytes.length + " bytes) returned");
        } catch (IOException e) {
            return failed(SocketCall.WRITE, e);
        }
    }

    ObservedResult read() throws ScenarioException {
        try {
            int n = socket.getInputStream().read(new byte[READ_BUFFER]);
            return record(SocketCall.READ, n < 0 ? ObservedResult.EOF : ObservedResult.OK, "read() returned " + n);
        } catch (IOException e) {
            return failed(SocketCall.READ, e);
        }
    }

    /**
     * Reads one HTTP/1.1 response as an HTTP client does, with as many read() calls as it takes
     * (a server may send head and body in separate segments): the head up to its blank line,
     * then Content-Length bytes of body. Recorded as one read: OK with the whole response, EOF
     * when the stream ends first, or the error.
     */
    ObservedResult readHttpResponse() throws ScenarioException {
        byte[] buf = new byte[READ_BUFFER];
        int have = 0;
        int reads = 0;
        try {
            int expected = -1;
            while (expected < 0 || have < expected) {
                if (have == buf.length) {
                    throw new ScenarioException(peer.scenario() + ": the HTTP response is longer than " + buf.length
                            + " bytes (expected a short one)");
                }
                int n = socket.getInputStream().read(buf, have, buf.length - have);
                reads++;
                if (n < 0) {
                    return record(SocketCall.READ, ObservedResult.EOF, "read() returned -1 after " + have
                            + " bytes of a response");
                }
                have += n;
                expected = HttpHead.responseLength(buf, have);
            }
            return record(SocketCall.READ, ObservedResult.OK, "read a " + have + "-byte response in " + reads
                    + " read() calls");
        } catch (IOException e) {
            return failed(SocketCall.READ, e);
        }
    }

    void readDeadline(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /**
     * TCP keep-alive after {@code idleSeconds} of silence, a probe every {@code intervalSeconds},
     * giving up after {@code probes} unanswered: Linux's TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT.
     */
    void keepAlive(int idleSeconds, int intervalSeconds, int probes) throws IOException {
        socket.setKeepAlive(true);
        socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
        socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, intervalSeconds);
        socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, probes);
    }

    void close() throws IOException {
        socket.close();
    }

    private ObservedResult failed(SocketCall call, IOException e) throws ScenarioException {
        ObservedResult result;
        try {
            result = ObservedResult.of(e);
        } catch (ScenarioException unknown) {
            throw new ScenarioException(peer.scenario() + ": " + side.wire() + " " + call.wire() + ": "
                    + unknown.getMessage(), e);
        }
        return record(call, result, e.toString());
    }

    private ObservedResult record(SocketCall call, ObservedResult result, String detail) {
        peer.record(index, side, call, result, detail);
        return result;
    }
}
