package io.tcpwhy.capture;

/**
 * Hears each frame right after the live capture wrote it to the file, in capture order, on
 * the capture's reader thread. Live analysis feeds these to the decoder and tracker so that
 * connections are explained as they end. Keep the work short: while the listener runs, the
 * kernel buffers further frames, and a full buffer drops them (reported as kernel drops).
 * A listener that throws stops the capture; {@link LiveCapture#stop()} then rethrows it.
 */
@FunctionalInterface
public interface PacketListener {

    PacketListener NONE = packet -> { };

    void packet(CapturedPacket packet);
}
