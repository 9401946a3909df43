package io.tcpwhy.replay;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plays a script's steps and ending on a connected socket. What the peer does (a RST, an
 * early EOF, silence) is written down as an observation and ends the steps; it is never an
 * exception. Pacing waits on the injected clock; waiting for the peer's bytes is real I/O
 * bounded by {@code waitTimeoutMillis}.
 */
final class Player {

    /** How often an AWAIT_UNREAD step looks at the receive queue: loopback answers in microseconds. */
    private static final long UNREAD_POLL_MILLIS = 2;
    private static final int READ_BUFFER = 64 * 1024;

    private final ReplayClock clock;
    private final Timing timing;
    private final int waitTimeoutMillis;
    private final List<String> log = new ArrayList<>();
    private long start;

    Player(ReplayClock clock, Timing timing, int waitTimeoutMillis) {
        this.clock = clock;
        this.timing = timing;
        this.waitTimeoutMillis = waitTimeoutMillis;
    }

    /** What happened, one line per step, in order. */
    List<String> log() {
        return List.copyOf(log);
    }

    /**
     * Plays the steps and the ending on {@code socket}, timed from {@code startNanos} on the
     * clock. With {@link Ending#STAY_OPEN} the socket is left open: the caller closes it after
     * the capture stopped.
     */
    void play(Script script, Socket socket, long startNanos) throws InterruptedException {
        this.start = startNanos;
        boolean peerGone = false;
        for (Step step : script.steps()) {
            try {
                if (!playStep(step, socket)) {
                    peerGone = true;
                    break;
                }
            } catch (IOException e) {
                note(step.kind().wire() + ": " + reason(e));
                peerGone = true;
                break;
            }
        }
        end(script, socket, peerGone);
    }

    private boolean playStep(Step step, Socket socket) throws IOException, InterruptedException {
        switch (step.kind()) {
            case SEND -> {
                pace(step.atNanos());
                socket.getOutputStream().write(step.data());
                note("send " + step.data().length + " bytes: OK");
                return true;
            }
            case SHUTDOWN -> {
                pace(step.atNanos());
                socket.shutdownOutput();
                note("shutdownOutput: OK");
                return true;
            }
            case EXPECT -> {
                return read(socket, step.count(), false);
            }
            case EXPECT_END -> {
                return read(socket, Long.MAX_VALUE, true);
            }
            case AWAIT_UNREAD -> {
                return awaitUnread(socket, step.count());
            }
        }
        throw new IllegalStateException("unhandled step " + step.kind());
    }

    /** Reads {@code count} bytes, or to EOF when {@code toEnd}; false when the peer did not deliver. */
    private boolean read(Socket socket, long count, boolean toEnd) throws IOException {
        socket.setSoTimeout(waitTimeoutMillis);
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[READ_BUFFER];
        long got = 0;
        String what = toEnd ? "read to EOF" : "expect " + count + " bytes";
        try {
            while (got < count) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, count - got));
                if (n < 0) {
                    note(what + ": " + (toEnd ? "EOF after " + got + " more bytes" : "EOF after " + got + " bytes"));
                    return toEnd;
                }
                got += n;
            }
        } catch (SocketTimeoutException e) {
            note(what + ": nothing more within " + waitTimeoutMillis + " ms (got " + got + " bytes)");
            return false;
        }
        note(what + ": got " + got + " bytes");
        return true;
    }

    private boolean awaitUnread(Socket socket, int count) throws IOException, InterruptedException {
        InputStream in = socket.getInputStream();
        long deadline = System.nanoTime() + waitTimeoutMillis * 1_000_000L;
        int available = in.available();
        while (available < count && System.nanoTime() < deadline) {
            Thread.sleep(UNREAD_POLL_MILLIS);
            available = in.available();
        }
        note("await " + count + " unread bytes: " + available + " arrived" + (available < count ? " (timed out)" : ""));
        return available >= count;
    }

    private void end(Script script, Socket socket, boolean peerGone) throws InterruptedException {
        Ending ending = script.ending();
        // A kept-open socket holds on its own; the kernel times its keep-alive give-up itself.
        if (ending != Ending.STAY_OPEN && ending != Ending.KEEPALIVE_GAVE_UP) {
            pace(script.endAtNanos());
        }
        try {
            switch (ending) {
                case CLOSE, AFTER_PEER_RESET -> socket.close();
                case LINGER_ZERO -> {
                    socket.setSoLinger(true, 0);
                    socket.close();
                }
                case CLOSE_UNREAD -> socket.close();
                // A plain java.net.Socket (see Replay.openSocket): its close shuts the output down first.
                case SHUTDOWN_THEN_CLOSE_UNREAD -> socket.close();
                case KEEPALIVE_GAVE_UP -> {
                    awaitKeepAliveGiveUp(socket, script.keepAlive());
                    socket.close();
                }
                // Connected after all (the target answered in time): closed as the deadline would have.
                case CONNECT_GAVE_UP -> socket.close();
                case STAY_OPEN -> pace(script.holdNanos());
            }
            note(ending.describe() + (peerGone ? " (after the peer's surprise above)" : "") + ": done");
        } catch (IOException e) {
            note(ending.describe() + ": " + reason(e));
        }
    }

    /**
     * Reads, as the recorded side waited, until the kernel ends the connection: with the
     * peer silent, after its keep-alive probes ran out (ETIMEDOUT). Bounded by the keep-alive's
     * own give-up time plus the wait timeout.
     */
    private void awaitKeepAliveGiveUp(Socket socket, KeepAlive keepAlive) throws IOException {
        long limit = Math.min(Integer.MAX_VALUE, (keepAlive == null ? 0 : keepAlive.giveUpMillis()) + waitTimeoutMillis);
        socket.setSoTimeout((int) limit);
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[READ_BUFFER];
        long got = 0;
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got += n;
            }
            note("read until the kernel gives up: EOF after " + got + " bytes (the peer answered)");
        } catch (SocketTimeoutException e) {
            note("read until the kernel gives up: still open after " + limit + " ms (got " + got + " bytes)");
        } catch (IOException e) {
            note("read until the kernel gives up: " + reason(e) + " (got " + got + " bytes)");
        }
    }

    private void pace(long atNanos) throws InterruptedException {
        clock.sleepUntil(timing.deadline(start, atNanos));
    }

    private void note(String what) {
        log.add(String.format(Locale.ROOT, "%8.3f s  %s", (clock.nanoTime() - start) / 1e9, what));
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
