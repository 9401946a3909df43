package io.tcpwhy.lab;

import static io.tcpwhy.lab.Conn.ClientKind.PLAIN_CLOSE;
import static io.tcpwhy.model.Side.CLIENT;
import static io.tcpwhy.model.Side.SERVER;
import static io.tcpwhy.model.TcpState.CLOSED;
import static io.tcpwhy.model.TcpState.CLOSE_WAIT;
import static io.tcpwhy.model.TcpState.ESTABLISHED;
import static io.tcpwhy.model.TcpState.FIN_WAIT_2;
import static io.tcpwhy.model.TcpState.SYN_SENT;
import static io.tcpwhy.model.TcpState.TIME_WAIT;
import static io.tcpwhy.model.TcpState.UNKNOWN;

import io.tcpwhy.model.DiagnosisCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The built-in scenarios, after the seed documents (Go and C experiments, redone with
 * java.net on Linux). Each script fixes the order of events with signals and short pauses, so
 * every run gives the same calls and results; the pauses only let the kernel answer (an ACK, a
 * RST) before the next step, loopback needs microseconds.
 */
final class Scenarios {

    /** Long enough for the loopback kernel to answer a segment; short enough to keep scenarios quick. */
    static final int SETTLE_MILLIS = 100;
    /** The read deadlines of the deadline scenarios: a real service would use seconds to minutes. */
    static final int READ_DEADLINE_MILLIS = 1000;
    /**
     * The connect deadline when the SYN is never answered: long enough for one SYN retransmission
     * (Linux's initial RTO is 1 s, RFC 6298 §2.1), far shorter than the kernel's own ~2 min.
     */
    static final int CONNECT_DEADLINE_MILLIS = 1500;
    /**
     * Connections that fill a backlog-1 accept queue on Linux: the queue counts as full only
     * when it holds more than the backlog (sk_acceptq_is_full), so two complete and the third
     * SYN is dropped. Checked on this kernel by the connect_timeout_backlog_full test.
     */
    static final int BACKLOG_ONE_FILLERS = 2;

    /** The keep-alive server's idle timeout (nginx keepalive_timeout, Go IdleTimeout...), shortened from a minute. */
    static final int KEEP_ALIVE_TIMEOUT_MILLIS = 1000;
    /** How long after the server's close the pool hands the connection out again. */
    static final int REUSE_AFTER_CLOSE_MILLIS = 500;
    /** How long the server's handler waits for its backend before giving up. */
    static final int HANDLER_TIMEOUT_MILLIS = 1000;

    private static final String HTTP_REQUEST = "GET /items HTTP/1.1\r\nHost: lab\r\n\r\n";
    private static final String HTTP_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nKeep-Alive: timeout=1\r\n\r\nok\n";

    private static final String REQUEST = "GET /status\n";
    private static final String REPLY = "200 OK\n";
    private static final String GOODBYE = "QUIT\n";

    private Scenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("orderly_close", "The client sends a request, reads the reply and closes; the server"
                        + " reads EOF and closes too. Both FINs acknowledged.", "000",
                        DiagnosisCode.ORDERLY, Scenario.DEFAULT_BACKLOG, Scenarios::orderlyClose),
                new Scenario("close_wait_leak", "The client closes at once; the server reads EOF but never closes"
                        + " its socket: the server is left in CLOSE_WAIT, the client in FIN_WAIT_2.", "000, 004",
                        DiagnosisCode.CLOSE_WAIT, Scenario.DEFAULT_BACKLOG, Scenarios::closeWaitLeak),
                new Scenario("write_after_peer_close", "The client closes; the server writes anyway. The first write"
                        + " succeeds and draws a RST from the closed client; the second fails with broken pipe. A read"
                        + " after that returns EOF on Linux (the FIN came first), not connection reset.", "000, 001",
                        DiagnosisCode.RST_AFTER_CLOSE, Scenario.DEFAULT_BACKLOG, Scenarios::writeAfterPeerClose),
                new Scenario("read_after_reset", "The server greets; the client closes without reading the greeting,"
                        + " so its kernel sends RST instead of FIN (the client closes like C or Go do). The server's next read fails with connection reset,"
                        + " and so does the one after; a write then fails with broken pipe.", "001",
                        DiagnosisCode.RST_UNREAD_DATA, Scenario.DEFAULT_BACKLOG, Scenarios::readAfterReset),
                new Scenario("close_with_unread_data", "The client sends a request and closes without reading the"
                        + " server's reply (closing like C or Go do): RST instead of FIN, and the server, waiting for the next request, reads"
                        + " connection reset.", "003 (experiments 1-3)",
                        DiagnosisCode.RST_UNREAD_DATA, Scenario.DEFAULT_BACKLOG, Scenarios::closeWithUnreadData),
                new Scenario("java_close_with_unread_data", "As close_with_unread_data, but the client is a"
                        + " plain java.net.Socket: its close() shuts the output down first (JDK 13+), so FIN and then"
                        + " RST go out. The server reads EOF, not connection reset; its next write fails with broken"
                        + " pipe.", "003 (experiments 1-3), as Java does it",
                        DiagnosisCode.RST_UNREAD_DATA, Scenario.DEFAULT_BACKLOG, Scenarios::javaCloseWithUnreadData),
                new Scenario("echo_into_closed_socket", "The client writes and closes at once; the server echoes into"
                        + " the closed socket, which answers RST. The server's next read still returns EOF (the FIN"
                        + " came first); only its next write fails, with broken pipe.", "003 (experiment 5)",
                        DiagnosisCode.RST_AFTER_CLOSE, Scenario.DEFAULT_BACKLOG, Scenarios::echoIntoClosedSocket),
                new Scenario("connection_refused", "Nothing listens on the port: the SYN is answered with RST and"
                        + " connect fails with connection refused.", "001",
                        DiagnosisCode.REFUSED, Scenario.NO_LISTENER, Scenarios::connectionRefused),
                new Scenario("connect_timeout_backlog_full", "A listener with backlog 1 never accepts; two connections"
                        + " fill its queue, and the third SYN is dropped, retransmitted and never answered: connect"
                        + " times out.", "001, 002",
                        DiagnosisCode.SYN_UNANSWERED, 1, Scenarios::connectTimeoutBacklogFull),
                new Scenario("listen_without_accept", "The server listens but never accepts. The handshake completes in"
                        + " the kernel, the client's write succeeds, and the client's close leaves the never-accepted"
                        + " socket in CLOSE_WAIT.", "002",
                        DiagnosisCode.CLOSE_WAIT, Scenario.DEFAULT_BACKLOG, Scenarios::listenWithoutAccept),
                new Scenario("server_read_deadline", "The client connects and stays silent; the server's read deadline"
                        + " passes and it closes. The client reads EOF and closes.", "003, 004",
                        DiagnosisCode.ORDERLY, Scenario.DEFAULT_BACKLOG, Scenarios::serverReadDeadline),
                new Scenario("client_read_deadline", "The client sends a request and waits for a reply that never comes;"
                        + " its read deadline passes and it closes. The server reads EOF and closes.", "004",
                        DiagnosisCode.ORDERLY, Scenario.DEFAULT_BACKLOG, Scenarios::clientReadDeadline),
                new Scenario("abortive_close_linger0", "After a request, its reply and a last message the server"
                        + " reads, the client closes with SO_LINGER 0: RST instead of FIN, with nothing unread. The"
                        + " server's next read is reset.", "003",
                        DiagnosisCode.RST_ABORT, Scenario.DEFAULT_BACKLOG, Scenarios::abortiveCloseLinger0),
                new Scenario("half_close", "The client sends its request and shuts down its sending half"
                        + " (shutdownOutput); the server reads the request and EOF, then answers and closes; the client"
                        + " reads the answer, then EOF.", "-",
                        DiagnosisCode.HALF_CLOSE, Scenario.DEFAULT_BACKLOG, Scenarios::halfClose),
                new Scenario("use_after_local_close", "After an orderly exchange the client calls read and write on the"
                        + " socket it closed itself: \"Socket is closed\", and nothing goes on the wire.", "000, 001",
                        DiagnosisCode.ORDERLY, Scenario.DEFAULT_BACKLOG, Scenarios::useAfterLocalClose),
                new Scenario("stale_pooled_connection", "An HTTP/1.1 keep-alive pair: the server closes a connection"
                        + " idle for 1 s (its keep-alive timeout); the client's pool reuses it 0.5 s later. The"
                        + " request is written (write succeeds), the closed server answers RST, and the client's read"
                        + " returns EOF (the server's FIN came first): \"failed to respond\".", "issue 7",
                        DiagnosisCode.STALE_POOLED_CONNECTION, Scenario.DEFAULT_BACKLOG, Scenarios::stalePooledConnection),
                new Scenario("server_gave_up", "The client sends a request and waits without a read deadline; the"
                        + " server's kernel acknowledges it, but its handler gives up after 1 s waiting for a backend"
                        + " and closes without answering. The client reads EOF.", "issue 7",
                        DiagnosisCode.SERVER_GAVE_UP, Scenario.DEFAULT_BACKLOG, Scenarios::serverGaveUp));
    }

    private static void orderlyClose(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.ORDERLY, TIME_WAIT, CLOSED);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            c.write(SERVER, REPLY);
            c.read(SERVER);
            c.close(SERVER);
        });
        c.connect();
        c.write(CLIENT, REQUEST);
        c.read(CLIENT);
        c.close(CLIENT);
    }

    private static void closeWaitLeak(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.CLOSE_WAIT, FIN_WAIT_2, CLOSE_WAIT);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            // The bug: the handler returns on EOF without close(); the lab closes it after the capture.
        });
        c.connect();
        c.close(CLIENT);
        stage.finish();
        Stage.pause(Scenarios.SETTLE_MILLIS);
    }

    private static void writeAfterPeerClose(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.RST_AFTER_CLOSE, CLOSED, CLOSED);
        c.connect();
        c.accept();
        c.close(CLIENT);
        Stage.pause(SETTLE_MILLIS);
        c.write(SERVER, REPLY);
        // Wait for the RST, or the second write would go out too and draw a second RST (seed 000).
        Stage.pause(SETTLE_MILLIS);
        c.write(SERVER, REPLY);
        c.read(SERVER);
    }

    private static void readAfterReset(Stage stage) throws Exception {
        Conn c = stage.connection(PLAIN_CLOSE, DiagnosisCode.RST_UNREAD_DATA, CLOSED, CLOSED);
        c.connect();
        c.accept();
        c.write(SERVER, "220 ready\n");
        Stage.pause(SETTLE_MILLIS);
        c.close(CLIENT);
        Stage.pause(SETTLE_MILLIS);
        c.read(SERVER);
        c.read(SERVER);
        c.write(SERVER, REPLY);
    }

    private static void closeWithUnreadData(Stage stage) throws Exception {
        Conn c = stage.connection(PLAIN_CLOSE, DiagnosisCode.RST_UNREAD_DATA, CLOSED, CLOSED);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            c.write(SERVER, REPLY);
            c.read(SERVER);
        });
        c.connect();
        c.write(CLIENT, REQUEST);
        // Seed 003 waits a second before closing: the reply has arrived and sits unread.
        Stage.pause(SETTLE_MILLIS);
        c.close(CLIENT);
    }

    private static void javaCloseWithUnreadData(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.RST_UNREAD_DATA, CLOSED, CLOSED);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            c.write(SERVER, REPLY);
            stage.await("client closed");
            Stage.pause(SETTLE_MILLIS);
            c.read(SERVER);
            c.write(SERVER, REPLY);
        });
        c.connect();
        c.write(CLIENT, REQUEST);
        Stage.pause(SETTLE_MILLIS);
        c.close(CLIENT);
        stage.signal("client closed");
    }

    private static void echoIntoClosedSocket(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.RST_AFTER_CLOSE, CLOSED, CLOSED);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            stage.await("client closed");
            Stage.pause(SETTLE_MILLIS);
            c.write(SERVER, REQUEST);
            Stage.pause(SETTLE_MILLIS);
            c.read(SERVER);
            c.write(SERVER, REQUEST);
        });
        c.connect();
        c.write(CLIENT, REQUEST);
        c.close(CLIENT);
        stage.signal("client closed");
    }

    private static void connectionRefused(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.REFUSED, CLOSED, CLOSED);
        c.connect();
    }

    private static void connectTimeoutBacklogFull(Stage stage) throws Exception {
        for (int i = 0; i < BACKLOG_ONE_FILLERS; i++) {
            // Complete in the kernel and wait in the accept queue for an accept() that never comes.
            Conn filler = stage.connection(DiagnosisCode.OPEN, ESTABLISHED, ESTABLISHED);
            filler.connect();
        }
        Stage.pause(SETTLE_MILLIS);
        Conn c = stage.connection(DiagnosisCode.SYN_UNANSWERED, SYN_SENT, UNKNOWN);
        c.connect(CONNECT_DEADLINE_MILLIS);
    }

    private static void listenWithoutAccept(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.CLOSE_WAIT, FIN_WAIT_2, CLOSE_WAIT);
        c.connect();
        c.write(CLIENT, "ping");
        c.close(CLIENT);
        Stage.pause(SETTLE_MILLIS);
    }

    private static void serverReadDeadline(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.ORDERLY, CLOSED, TIME_WAIT);
        stage.server(() -> {
            c.accept();
            c.readDeadline(SERVER, READ_DEADLINE_MILLIS);
            c.read(SERVER);
            c.close(SERVER);
        });
        c.connect();
        c.read(CLIENT);
        c.close(CLIENT);
    }

    private static void clientReadDeadline(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.ORDERLY, TIME_WAIT, CLOSED);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            // The reply never comes: the server waits for more instead of answering.
            c.read(SERVER);
            c.close(SERVER);
        });
        c.connect();
        c.write(CLIENT, REQUEST);
        c.readDeadline(CLIENT, READ_DEADLINE_MILLIS);
        c.read(CLIENT);
        c.close(CLIENT);
    }

    private static void abortiveCloseLinger0(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.RST_ABORT, CLOSED, CLOSED);
        // The client's own message is the last data on the wire and the server has read it
        // before the abort: nothing is unread, so the wire itself tells this abort apart from
        // a close with unread data (after a read reply alone the two look the same).
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            c.write(SERVER, REPLY);
            c.read(SERVER);
            stage.signal("goodbye read");
            c.read(SERVER);
        });
        c.connect();
        c.write(CLIENT, REQUEST);
        c.read(CLIENT);
        c.write(CLIENT, GOODBYE);
        stage.await("goodbye read");
        c.lingerZero(CLIENT);
        c.close(CLIENT);
    }

    private static void halfClose(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.HALF_CLOSE, TIME_WAIT, CLOSED);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            c.read(SERVER);
            c.write(SERVER, REPLY);
            c.close(SERVER);
        });
        c.connect();
        c.write(CLIENT, REQUEST);
        c.shutdownOutput(CLIENT);
        c.read(CLIENT);
        c.read(CLIENT);
        c.close(CLIENT);
    }

    private static void useAfterLocalClose(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.ORDERLY, TIME_WAIT, CLOSED);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            c.write(SERVER, REPLY);
            c.read(SERVER);
            c.close(SERVER);
        });
        c.connect();
        c.write(CLIENT, REQUEST);
        c.read(CLIENT);
        c.close(CLIENT);
        stage.finish();
        c.measureFramesAfterLocalClose(() -> {
            c.read(CLIENT);
            c.write(CLIENT, REQUEST);
        }, SETTLE_MILLIS);
    }

    private static void stalePooledConnection(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.STALE_POOLED_CONNECTION, CLOSED, CLOSED);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            c.write(SERVER, HTTP_RESPONSE);
            // The keep-alive timeout: wait that long for the next request, then close the idle connection.
            c.readDeadline(SERVER, KEEP_ALIVE_TIMEOUT_MILLIS);
            c.read(SERVER);
            c.close(SERVER);
            stage.signal("server closed the idle connection");
        });
        c.connect();
        c.write(CLIENT, HTTP_REQUEST);
        c.read(CLIENT);
        // Back in the pool. A java.net.Socket pool (like Apache HttpClient without a stale check)
        // does not watch idle connections, so the server's FIN goes unnoticed until the next use.
        stage.await("server closed the idle connection");
        Stage.pause(REUSE_AFTER_CLOSE_MILLIS);
        c.write(CLIENT, HTTP_REQUEST);
        Stage.pause(SETTLE_MILLIS);
        c.read(CLIENT);
        c.close(CLIENT);
    }

    private static void serverGaveUp(Stage stage) throws Exception {
        Conn c = stage.connection(DiagnosisCode.SERVER_GAVE_UP, CLOSED, TIME_WAIT);
        stage.server(() -> {
            c.accept();
            c.read(SERVER);
            // The handler asks a backend that never answers and gives up after its timeout,
            // closing the connection without a response (a crash would look the same).
            CompletableFuture<String> backend = new CompletableFuture<>();
            try {
                backend.get(HANDLER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                throw new ScenarioException(stage.scenario() + ": the backend answered (expected it never to)");
            } catch (TimeoutException expected) {
                c.close(SERVER);
            }
        });
        c.connect();
        c.write(CLIENT, HTTP_REQUEST);
        // No read deadline: the client waits as long as the server keeps the connection.
        c.read(CLIENT);
        c.close(CLIENT);
    }
}
