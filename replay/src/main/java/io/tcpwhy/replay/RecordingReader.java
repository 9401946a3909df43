package io.tcpwhy.replay;

import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.PayloadLocator;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Side;
import io.tcpwhy.net.ConnectionKey;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.pcap.CaptureFormatException;
import io.tcpwhy.pcap.CaptureReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads one connection out of a capture with the analyzer's own reader, decoder and
 * analysis: a first pass analyzes the file and picks the connection (its roles, how each
 * side ended), a second pass collects that connection's payload and FIN/RST segments.
 */
public final class RecordingReader {

    /** The most payload a replay holds per direction: a replay re-enacts a conversation, not a bulk transfer. */
    public static final long MAX_STREAM_BYTES = 64L << 20;

    private RecordingReader() {
    }

    /**
     * Which connection of a capture to replay.
     *
     * @param key    the endpoints ({@code --conn A-B}), or null for the capture's only connection
     * @param id     the analyzer's connection id ({@code --id}), or null
     * @param client the client's endpoint when the capture lacks the handshake ({@code --client}), or null
     * @param last   with several matches take the last one instead of failing (a live capture's own connection)
     */
    public record Selection(ConnectionKey key, Integer id, Endpoint client, boolean last, int port) {

        public static Selection of(ConnectionKey key, Integer id, Endpoint client) {
            return new Selection(key, id, client, false, ANY_PORT);
        }

        /** The last connection with an endpoint on {@code port}: the replay's own, in its live capture. */
        static Selection lastWithPort(int port) {
            return new Selection(null, null, null, true, port);
        }
    }

    private static final int ANY_PORT = -1;

    /**
     * @throws ReplayException no connection or several match, the roles are unknown, or payload is missing
     * @throws IOException     the file cannot be read or is not a capture
     */
    public static Recording read(Path file, Selection selection) throws IOException, ReplayException {
        List<ConnectionReport> reports = new ArrayList<>();
        new Analyzer().analyze(file, 1, reports::add, ProgressListener.NONE);
        ConnectionReport report = pick(file, reports, selection);
        Endpoint client = report.client();
        Endpoint server = report.server();
        if (selection.client() != null) {
            if (!ConnectionKey.of(client, server).contains(selection.client())) {
                throw new ReplayException(file + ": connection " + report.id() + " (" + client + "-" + server
                        + ") has no endpoint " + selection.client() + " (expected --client to name one of its two ends)");
            }
            if (!selection.client().equals(client)) {
                server = client;
                client = selection.client();
            }
        } else if (report.rolesInferred()) {
            throw new ReplayException(file + ": connection " + report.id() + " (" + client + "-" + server
                    + ") starts without its handshake, so who connected is unknown (give the client with --client IP:PORT)");
        }
        return collect(file, report, client, server);
    }

    /** Damage stops the read: the frames before it made the report, and they are all the replay uses. */
    private static boolean next(CaptureReader reader) throws IOException {
        try {
            return reader.next();
        } catch (CaptureFormatException e) {
            return false;
        }
    }

    private static ConnectionReport pick(Path file, List<ConnectionReport> reports, Selection s) throws ReplayException {
        List<ConnectionReport> matching = new ArrayList<>();
        for (ConnectionReport r : reports) {
            if ((s.key() == null || s.key().equals(ConnectionKey.of(r.client(), r.server())))
                    && (s.id() == null || s.id() == r.id())
                    && (s.port() == ANY_PORT || r.client().port() == s.port() || r.server().port() == s.port())) {
                matching.add(r);
            }
        }
        String wanted = (s.key() == null ? "" : " " + s.key()) + (s.id() == null ? "" : " with id " + s.id())
                + (s.port() == ANY_PORT ? "" : " on port " + s.port());
        if (matching.isEmpty()) {
            throw new ReplayException(file + ": no TCP connection" + wanted + " in " + reports.size()
                    + " connection(s) (expected exactly one to replay)");
        }
        if (matching.size() > 1 && !s.last()) {
            throw new ReplayException(file + ": " + matching.size() + " connections match" + wanted + " (ids "
                    + matching.stream().map(r -> String.valueOf(r.id())).collect(Collectors.joining(", "))
                    + "; expected one: choose with --conn A-B or --id N)");
        }
        return matching.get(matching.size() - 1);
    }

    private static Recording collect(Path file, ConnectionReport report, Endpoint client, Endpoint server)
            throws IOException, ReplayException {
        ConnectionKey key = ConnectionKey.of(client, server);
        StreamAssembler fromClient = new StreamAssembler(Side.CLIENT, MAX_STREAM_BYTES);
        StreamAssembler fromServer = new StreamAssembler(Side.SERVER, MAX_STREAM_BYTES);
        List<Recording.Control> controls = new ArrayList<>();
        List<Recording.Probe> probes = new ArrayList<>();
        // Per side (by ordinal): the sequence number after everything it sent, -1 before its first segment.
        long[] nextSeq = {-1, -1};
        long[] lastSegmentNanos = {-1, -1};
        PacketDecoder decoder = new PacketDecoder();
        boolean synAnswered = false;
        boolean refused = false;
        long lastSyn = report.startNanos();
        long captureEnd = report.endNanos();
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (next(reader)) {
                captureEnd = Math.max(captureEnd, reader.timestampNanos());
                long frame = reader.frameNumber();
                if (frame < report.firstFrame() || frame > report.lastFrame()) {
                    continue;
                }
                ByteBuffer buf = reader.buffer();
                DecodeResult r = decoder.decode(frame, reader.timestampNanos(), reader.linkType(), buf,
                        reader.dataOffset(), reader.capturedLength());
                if (!(r instanceof TcpSegment s) || !key.contains(s.src()) || !key.contains(s.dst())
                        || s.src().equals(s.dst())) {
                    continue;
                }
                Side from = s.src().equals(client) ? Side.CLIENT : Side.SERVER;
                int own = from.ordinal();
                if (isProbe(s, nextSeq[own])) {
                    probes.add(new Recording.Probe(from, frame, s.timeNanos(), lastSegmentNanos[from.opposite().ordinal()]));
                }
                long end = (s.seq() + s.seqLength()) % SEQUENCE_SPACE;
                if (nextSeq[own] < 0 || after(end, nextSeq[own])) {
                    nextSeq[own] = end;
                }
                lastSegmentNanos[own] = s.timeNanos();
                StreamAssembler stream = from == Side.CLIENT ? fromClient : fromServer;
                if (s.syn()) {
                    stream.syn(s.seq());
                    if (from == Side.CLIENT) {
                        lastSyn = s.timeNanos();
                    } else if (s.ackFlag()) {
                        synAnswered = true;
                    }
                }
                if (from == Side.SERVER && s.rst() && !synAnswered) {
                    refused = true;
                }
                if (s.payloadLength() > 0 && !s.rst()) {
                    if (s.capturedPayload() < s.payloadLength()) {
                        throw new ReplayException(file + ": frame " + frame + " holds " + s.capturedPayload()
                                + " of its " + s.payloadLength() + " payload bytes (expected all of them:"
                                + " capture with a larger snap length, e.g. tcpdump -s 0)");
                    }
                    int at = PayloadLocator.payloadOffset(reader.linkType(), buf, reader.dataOffset(),
                            reader.capturedLength(), s);
                    byte[] bytes = new byte[s.capturedPayload()];
                    buf.get(at, bytes);
                    stream.payload(s.syn() ? s.seq() + 1 : s.seq(), bytes, frame, s.timeNanos());
                }
                if (s.fin() || s.rst()) {
                    controls.add(new Recording.Control(from, s.rst(), frame, s.timeNanos()));
                }
            }
        }
        return new Recording(report, client, server, fromClient.chunks(), fromServer.chunks(), controls,
                report.startNanos(), synAnswered, refused, lastSyn, captureEnd, probes);
    }

    /** Sequence numbers are unsigned 32 bits and wrap (RFC 9293 §3.4). */
    private static final long SEQUENCE_SPACE = 1L << 32;
    private static final long HALF_SEQUENCE_SPACE = SEQUENCE_SPACE / 2;

    /** Whether {@code a} comes after {@code b} in sequence space. */
    private static boolean after(long a, long b) {
        long d = Math.floorMod(a - b, SEQUENCE_SPACE);
        return d > 0 && d < HALF_SEQUENCE_SPACE;
    }

    /**
     * A keep-alive probe: an ACK with no payload, no SYN, FIN or RST, whose sequence number is
     * one below what its sender had sent (RFC 9293 §3.8.4, "SEG.SEQ = SND.NXT-1"). A zero
     * window probe has the same shape; a replay plays keep-alive for either, which only probes
     * an idle connection.
     */
    private static boolean isProbe(TcpSegment s, long nextSeq) {
        return nextSeq >= 0 && s.ackFlag() && !s.syn() && !s.fin() && !s.rst() && s.payloadLength() == 0
                && s.seq() == Math.floorMod(nextSeq - 1, SEQUENCE_SPACE);
    }
}
