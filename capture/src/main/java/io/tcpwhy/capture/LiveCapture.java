package io.tcpwhy.capture;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.BlockingMode;
import org.pcap4j.core.PcapHandle.PcapDirection;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;

/**
 * A running live capture: one reader thread takes each frame from libpcap, writes it to a
 * classic pcap file (flushed frame by frame, so the file is whole up to the last frame even if
 * the process dies), then hands it to a {@link PacketListener}.
 *
 * <pre>{@code
 * try (LiveCapture capture = LiveCapture.start(CaptureOptions.loopback("tcp port 8080", out), PacketListener.NONE)) {
 *     ... traffic ...
 *     CaptureStatistics stats = capture.stop();
 * }
 * }</pre>
 *
 * <p>For live analysis, {@link #startInto} runs the other way round: the reader thread only
 * copies each frame into a {@link FrameRing} and goes back to the kernel, and a
 * {@link LiveSession} analyses (and writes) on a thread of its own, so a slow moment of the
 * analysis fills tcpwhy's ring, counted, instead of the kernel's buffer.
 *
 * <p>{@link #stop()} never loses the tail: it breaks libpcap's loop, waits for the reader,
 * which then drains whatever the kernel still holds until it has been quiet for
 * {@value #DRAIN_QUIET_MILLIS} ms (at most {@value #DRAIN_MAX_MILLIS} ms on a port that is
 * never quiet), and only then closes the file.
 * So the FIN or RST sent just before {@code stop()} is in the file.
 */
public final class LiveCapture implements AutoCloseable {

    /** How long stop() waits for the reader thread; it only waits longer if libpcap hangs. */
    private static final long JOIN_TIMEOUT_SECONDS = 10;
    /** The drain ends after the kernel held nothing for this long: loopback delivers within microseconds. */
    static final long DRAIN_QUIET_MILLIS = 100;
    /**
     * The drain ends after this long in any case: on a port that is never quiet (200 connections/s)
     * it went on as long as the traffic did, and Ctrl-C ended, 10 s later, in an internal error
     * with no summary. Frames the kernel held at the stop come within the first block timeout;
     * what comes after the stop is not this capture's.
     */
    static final long DRAIN_MAX_MILLIS = 1_000;
    private static final long DRAIN_POLL_MILLIS = 2;

    private final PcapHandle handle;
    private final PcapDumper dumper;
    private final PacketListener listener;
    /** Null unless started with {@link #startInto}: then frames go through it into a ring and nowhere else. */
    private final RingReader ringReader;
    private final int linkType;
    private final int timestampDigits;
    private final boolean loopback;
    private final String interfaceName;
    /** How long the kernel must hold nothing before the drain ends: a block waits out libpcap's timeout. */
    private final long drainQuietMillis;
    private final Thread reader;
    private final AtomicLong frames = new AtomicLong();
    /** struct pcap_stat for {@link #kernelStatisticsNow}, and a view to read it without a native call. */
    private final Memory kernelStat = new Memory(LibpcapDirect.PCAP_STAT_SIZE);
    private final ByteBuffer kernelStatView = kernelStat.getByteBuffer(0, LibpcapDirect.PCAP_STAT_SIZE)
            .order(ByteOrder.nativeOrder());
    private volatile Throwable failure;
    /** Set by stop() before pcap_breakloop: the ring's read loop ends on either. */
    private volatile boolean stopRequested;
    private CaptureStatistics statistics;
    /**
     * The kernel's counters when the filter had been set ({@code ps_recv}, {@code ps_drop},
     * {@code ps_ifdrop}). Between opening the interface and setting the filter the kernel
     * counts every frame on it (libpcap filters those few in user space), so on a busy host
     * the totals would include other traffic; statistics are counted from here.
     */
    private final long receivedBeforeFilter;
    private final long droppedBeforeFilter;
    private final long ifDroppedBeforeFilter;

    private LiveCapture(PcapHandle handle, PcapDumper dumper, PacketListener listener, RingReader ringReader,
                        boolean loopback, String interfaceName, boolean immediate) {
        this.handle = handle;
        this.dumper = dumper;
        this.listener = listener;
        this.ringReader = ringReader;
        this.linkType = handle.getDlt().value();
        this.timestampDigits = handle.getTimestampPrecision() == TimestampPrecision.NANO ? 9 : 6;
        this.loopback = loopback;
        this.interfaceName = interfaceName;
        // Without immediate mode a frame sits in a kernel block until libpcap's timeout retires it.
        this.drainQuietMillis = immediate ? DRAIN_QUIET_MILLIS : DRAIN_QUIET_MILLIS + 2L * NativePcap.READ_TIMEOUT_MILLIS;
        this.reader = new Thread(this::readUntilStopped, "tcpwhy-capture-" + interfaceName);
        this.reader.setDaemon(true);
        long received = 0;
        long dropped = 0;
        long ifDropped = 0;
        try {
            PcapStat before = handle.getStats();
            received = before.getNumPacketsReceived();
            dropped = before.getNumPacketsDropped();
            ifDropped = before.getNumPacketsDroppedByIf();
        } catch (PcapNativeException | NotOpenException e) {
            // No counters now, none later either: statisticsNow and stop say so then.
        }
        this.receivedBeforeFilter = received;
        this.droppedBeforeFilter = dropped;
        this.ifDroppedBeforeFilter = ifDropped;
    }

    /** Statistics from the kernel's 32-bit counters ({@code struct pcap_stat}), counted from the filter on. */
    private CaptureStatistics counted(long received, long dropped, long ifDropped) {
        return new CaptureStatistics(frames.get(), since(received, receivedBeforeFilter),
                since(dropped, droppedBeforeFilter), since(ifDropped, ifDroppedBeforeFilter), loopback);
    }

    /** How far an unsigned 32-bit counter moved from {@code before}, across one wrap. */
    private static long since(long now, long before) {
        return (now - before) & 0xFFFF_FFFFL;
    }

    /**
     * Opens the interface, sets the filter, creates the output file and starts reading.
     * Frames the kernel sees from the moment this returns are captured.
     *
     * @throws CaptureUnavailableException no libpcap, no permission, no such interface, a
     *         filter that does not compile, or an output file that cannot be created
     */
    public static LiveCapture start(CaptureOptions options, PacketListener listener) throws CaptureUnavailableException {
        PcapNetworkInterface nif = NativePcap.find(options.interfaceName());
        PcapHandle handle = NativePcap.open(nif, options);
        PcapDumper dumper = null;
        if (options.output() != null) {
            Path out = options.output();
            try {
                dumper = handle.dumpOpen(out.toString());
            } catch (PcapNativeException | NotOpenException e) {
                handle.close();
                throw new CaptureUnavailableException("cannot create the capture file " + out + " ("
                        + NativePcap.oneLine(e) + ")", e);
            }
        }
        LiveCapture capture = new LiveCapture(handle, dumper, listener, null, nif.isLoopBack(), nif.getName(),
                options.immediate());
        capture.reader.start();
        return capture;
    }

    /**
     * Opens the interface and starts copying every frame into {@code ring}, nothing else: no
     * file, no listener (a {@link LiveSession} does both on its own thread). On a loopback
     * interface only incoming copies are asked for ({@code pcap_setdirection(PCAP_D_IN)}): the
     * incoming copy is the same frame, and a libpcap that can tell the kernel so
     * ({@code PACKET_IGNORE_OUTGOING}) spares the kernel buffer the outgoing one. (libpcap
     * 1.10 does not; {@code inbound} ANDed into the filter, which the kernel would run, was
     * tried: on Linux 6.18 the incoming copies then carried stale timestamps, one for dozens
     * of frames, and 5% of them never arrived.)
     */
    static LiveCapture startInto(CaptureOptions options, FrameRing ring) throws CaptureUnavailableException {
        PcapNetworkInterface nif = NativePcap.find(options.interfaceName());
        PcapHandle handle = NativePcap.open(nif, options);
        if (nif.isLoopBack()) {
            try {
                handle.setDirection(PcapDirection.IN);
            } catch (PcapNativeException | NotOpenException | LinkageError e) {
                // Not offered here: libpcap discards the outgoing copies in user space all the same.
            }
        }
        RingReader reader;
        try {
            // libpcap may keep frames longer than asked (it raises a snap length some links need).
            int snapLength = Math.max(options.snapLength(), handle.getSnapshot());
            reader = new RingReader(handle, ring, handle.getTimestampPrecision() == TimestampPrecision.NANO, snapLength);
        } catch (CaptureUnavailableException e) {
            handle.close();
            throw e;
        } catch (NotOpenException e) {
            handle.close();
            throw new IllegalStateException("capture handle closed as it was opened", e);
        }
        LiveCapture capture = new LiveCapture(handle, null, PacketListener.NONE, reader, nif.isLoopBack(), nif.getName(),
                options.immediate());
        capture.reader.start();
        return capture;
    }

    /** The link type every frame of this capture has (on Linux loopback: EN10MB). */
    public int linkType() {
        return linkType;
    }

    /** 9 when timestamps are nanoseconds, 6 when libpcap only offers microseconds. */
    public int timestampDigits() {
        return timestampDigits;
    }

    public String interfaceName() {
        return interfaceName;
    }

    /** Frames captured so far. */
    public long frames() {
        return frames.get();
    }

    /**
     * The kernel's counters now, while the capture runs (after {@link #stop()}: the final ones).
     * {@code captured} is the frames read so far.
     *
     * @throws CaptureUnavailableException libpcap gave no statistics
     */
    public synchronized CaptureStatistics statisticsNow() throws CaptureUnavailableException {
        if (statistics != null) {
            return statistics;
        }
        if (ringReader != null) {
            return kernelStatisticsNow();
        }
        try {
            PcapStat stat = handle.getStats();
            return counted(stat.getNumPacketsReceived(), stat.getNumPacketsDropped(), stat.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            throw new CaptureUnavailableException("libpcap gave no statistics for '" + interfaceName + "' ("
                    + NativePcap.oneLine(e) + ")", e);
        }
    }

    /**
     * The live session's statistics, read ten times a second: {@code pcap_stats} called directly
     * into memory made once. pcap4j's getStats builds a JNA Structure by reflection each time,
     * about 0.3 ms, 3% of the analysis thread at 1,000 connections/s.
     */
    private CaptureStatistics kernelStatisticsNow() throws CaptureUnavailableException {
        if (!handle.isOpen()) {
            throw new CaptureUnavailableException("libpcap gave no statistics for '" + interfaceName
                    + "' (the handle is closed; expected an open capture)");
        }
        if (LibpcapDirect.Pcap.pcap_stats(ringReader.pcap(), Pointer.nativeValue(kernelStat)) != 0) {
            throw new CaptureUnavailableException("libpcap gave no statistics for '" + interfaceName + "' ("
                    + ringReader.error().strip() + ")");
        }
        return counted(Integer.toUnsignedLong(kernelStatView.getInt(LibpcapDirect.PS_RECV_OFFSET)),
                Integer.toUnsignedLong(kernelStatView.getInt(LibpcapDirect.PS_DROP_OFFSET)),
                Integer.toUnsignedLong(kernelStatView.getInt(LibpcapDirect.PS_IFDROP_OFFSET)));
    }

    /** Whether the reader stopped by itself: libpcap failed or the listener threw. */
    public boolean failed() {
        return failure != null;
    }

    /**
     * Stops the capture without losing the tail and closes the file; returns the statistics.
     * Calling it again returns the same statistics.
     *
     * @throws CaptureUnavailableException libpcap failed while capturing (the file holds
     *         everything up to the failure)
     * @throws RuntimeException what the listener threw, after the file was closed
     */
    public synchronized CaptureStatistics stop() throws CaptureUnavailableException {
        if (statistics != null) {
            return statistics;
        }
        stopRequested = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            throw new IllegalStateException("capture handle closed under the running capture", e);
        }
        joinReader();
        PcapStat stat;
        try {
            stat = handle.getStats();
        } catch (PcapNativeException | NotOpenException e) {
            closeQuietly();
            throw new CaptureUnavailableException("libpcap gave no statistics for '" + interfaceName + "' ("
                    + NativePcap.oneLine(e) + ")", e);
        }
        closeQuietly();
        statistics = counted(stat.getNumPacketsReceived(), stat.getNumPacketsDropped(), stat.getNumPacketsDroppedByIf());
        Throwable f = failure;
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new CaptureUnavailableException("capture on '" + interfaceName + "' stopped early ("
                    + NativePcap.oneLine(f) + ")", f);
        }
        return statistics;
    }

    /** Stops if still running, dropping the statistics; for try-with-resources on failure paths. */
    @Override
    public void close() throws CaptureUnavailableException {
        stop();
    }

    private void joinReader() {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_TIMEOUT_SECONDS);
        while (reader.isAlive() && System.nanoTime() < deadline) {
            try {
                reader.join(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
            } catch (InterruptedException e) {
                // Finish the stop first: leaving now would close the handle under the reader.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            throw new IllegalStateException("capture reader on '" + interfaceName + "' did not stop within "
                    + JOIN_TIMEOUT_SECONDS + " s of pcap_breakloop");
        }
    }

    private void readUntilStopped() {
        if (ringReader != null) {
            readIntoRing();
            return;
        }
        try {
            handle.loop(-1, this::write);
        } catch (InterruptedException stopRequested) {
            // pcap4j reports pcap_breakloop this way: stop() asked for it. Not a thread interrupt.
        } catch (PcapNativeException | NotOpenException | RuntimeException | Error e) {
            failure = e;
            return;
        }
        drain(() -> {
            byte[] data = handle.getNextRawPacket();
            if (data != null) {
                write(data);
            }
            return data != null;
        });
    }

    /**
     * The ring's read loop: {@code pcap_dispatch} into the ring until pcap_breakloop, then the
     * drain, both through {@link RingReader}, which this thread closes at the end.
     */
    private void readIntoRing() {
        try {
            while (!stopRequested) {
                int rc = ringReader.read();
                // One writer: a plain ordered store, not an atomic add per frame.
                frames.lazySet(ringReader.accepted());
                if (rc == RingReader.BREAK) {
                    break;
                } else if (rc == RingReader.ERROR) {
                    failure = new CaptureUnavailableException("pcap_dispatch: " + ringReader.error().strip());
                    return;
                }
            }
            drain(() -> {
                int rc = ringReader.read();
                frames.lazySet(ringReader.accepted());
                if (rc == RingReader.ERROR) {
                    throw new CaptureUnavailableException("pcap_dispatch: " + ringReader.error().strip());
                }
                return rc > 0;
            });
        } catch (CaptureUnavailableException | RuntimeException | Error e) {
            failure = e;
        } finally {
            ringReader.close();
        }
    }

    /**
     * Takes what the kernel still buffers after the loop broke: frames queued before stop(),
     * and those still on their way (on loopback the incoming copy of the last segment is
     * delivered a little after the sender's call returned). In immediate mode libpcap waits
     * without a timeout, so the drain reads non-blocking and ends once the kernel has held
     * nothing for {@value #DRAIN_QUIET_MILLIS} ms, or after {@value #DRAIN_MAX_MILLIS} ms.
     */
    private void drain(KernelPoll poll) {
        try {
            handle.setBlockingMode(BlockingMode.NONBLOCKING);
            long quietSince = System.nanoTime();
            long giveUpAt = quietSince + TimeUnit.MILLISECONDS.toNanos(Math.max(DRAIN_MAX_MILLIS, drainQuietMillis));
            while (failure == null && System.nanoTime() - giveUpAt < 0
                    && System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(drainQuietMillis)) {
                if (poll.took()) {
                    quietSince = System.nanoTime();
                } else {
                    Thread.sleep(DRAIN_POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            // Someone wants this thread gone: what was drained so far is kept.
            Thread.currentThread().interrupt();
        } catch (CaptureUnavailableException | NotOpenException | PcapNativeException | RuntimeException | Error e) {
            failure = e;
        }
    }

    /** One non-blocking read of the drain: whether the kernel handed over a frame. */
    @FunctionalInterface
    private interface KernelPoll {
        boolean took() throws CaptureUnavailableException, NotOpenException, PcapNativeException;
    }

    private void write(byte[] data) {
        if (failure != null) {
            return;
        }
        Timestamp ts = handle.getTimestamp();
        Integer original = handle.getOriginalLength();
        try {
            if (dumper != null) {
                dumper.dumpRaw(data, ts);
                dumper.flush();
            }
            long frame = frames.incrementAndGet();
            listener.packet(new CapturedPacket(frame, epochNanos(ts), linkType, data,
                    original == null ? data.length : Math.max(original, data.length)));
        } catch (NotOpenException | PcapNativeException | RuntimeException | Error e) {
            failure = e;
            try {
                handle.breakLoop();
            } catch (NotOpenException ignored) {
                // Already closing: the loop ends either way.
            }
        }
    }

    private static long epochNanos(Timestamp ts) {
        return TimeUnit.MILLISECONDS.toNanos(Math.floorDiv(ts.getTime(), 1000L) * 1000L) + ts.getNanos();
    }

    private void closeQuietly() {
        if (dumper != null && dumper.isOpen()) {
            dumper.close();
        }
        if (handle.isOpen()) {
            handle.close();
        }
    }
}
