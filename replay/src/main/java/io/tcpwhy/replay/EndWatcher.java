package io.tcpwhy.replay;

import io.tcpwhy.capture.CapturedPacket;
import io.tcpwhy.capture.PacketListener;
import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import java.nio.ByteBuffer;

/**
 * Watches the live capture for the end of the replay's own connection (the one with the
 * replay's ephemeral port): a RST, or a FIN each way. Then the replay need not wait out the
 * whole observation window. Fed on the capture's thread, asked on the replay's.
 */
final class EndWatcher implements PacketListener {

    private final PacketDecoder decoder = new PacketDecoder();
    private volatile int port = -1;
    private volatile int firstFinPort = -1;
    private volatile boolean ended;

    void watchPort(int ownPort) {
        this.port = ownPort;
    }

    boolean ended() {
        return ended;
    }

    void awaitEnd(long millis) throws InterruptedException {
        Replay.sleepUntilEnded(this, millis);
    }

    @Override
    public void packet(CapturedPacket p) {
        int own = port;
        if (own < 0 || ended) {
            return;
        }
        DecodeResult r = decoder.decode(p.frame(), p.epochNanos(), p.linkType(), ByteBuffer.wrap(p.data()), 0,
                p.data().length);
        if (!(r instanceof TcpSegment s) || (s.src().port() != own && s.dst().port() != own)) {
            return;
        }
        if (s.rst()) {
            ended = true;
        } else if (s.fin()) {
            int from = s.src().port();
            if (firstFinPort < 0) {
                firstFinPort = from;
            } else if (firstFinPort != from) {
                ended = true;
            }
        }
    }
}
