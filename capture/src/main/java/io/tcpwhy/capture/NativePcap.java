package io.tcpwhy.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.Pcaps;

/**
 * Opens libpcap handles through pcap4j and turns every way that can fail into one
 * {@link CaptureUnavailableException} line with its fix. pcap4j binds libpcap lazily, so a
 * missing library only shows at the first call as a {@link LinkageError}
 * ({@code UnsatisfiedLinkError} the first time, {@code NoClassDefFoundError} or
 * {@code ExceptionInInitializerError} after that); every entry point here catches it.
 */
final class NativePcap {

    /** pcap.h: PCAP_ERROR_NO_SUCH_DEVICE. */
    static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    /** pcap.h: PCAP_ERROR_PERM_DENIED. */
    static final int PCAP_ERROR_PERM_DENIED = -8;

    static final String INSTALL_FIX = "install it with: apt-get install libpcap0.8";
    static final String PERMISSION_FIX = "run as root, or grant the capability: "
            + "setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))";

    /**
     * libpcap's packet buffer timeout. Immediate mode makes libpcap ignore it on Linux (it
     * delivers each frame at once and pcap_breakloop wakes it); it bounds the wait elsewhere.
     */
    static final int READ_TIMEOUT_MILLIS = 100;

    private NativePcap() {
    }

    /** The names of the interfaces libpcap can open, for "no such interface" messages. */
    static List<String> interfaceNames() throws CaptureUnavailableException {
        List<String> names = new ArrayList<>();
        for (PcapNetworkInterface nif : interfaces()) {
            names.add(nif.getName());
        }
        return names;
    }

    static PcapNetworkInterface find(String name) throws CaptureUnavailableException {
        List<PcapNetworkInterface> all = interfaces();
        for (PcapNetworkInterface nif : all) {
            if (nif.getName().equals(name)) {
                return nif;
            }
        }
        List<String> names = new ArrayList<>();
        all.forEach(nif -> names.add(nif.getName()));
        throw new CaptureUnavailableException("no interface '" + name + "' to capture on; available: "
                + (names.isEmpty() ? "none (libpcap lists no interface - " + PERMISSION_FIX + ")" : String.join(", ", names)));
    }

    private static List<PcapNetworkInterface> interfaces() throws CaptureUnavailableException {
        try {
            return Pcaps.findAllDevs();
        } catch (LinkageError e) {
            throw libpcapMissing(e);
        } catch (PcapNativeException e) {
            throw new CaptureUnavailableException("libpcap cannot list the interfaces (" + oneLine(e) + "); "
                    + PERMISSION_FIX, e);
        }
    }

    /**
     * Opens {@code nif} live: immediate mode (otherwise frames wait in the kernel until a
     * buffer block fills or times out, up to a second late), nanosecond timestamps where the
     * platform offers them, and the filter compiled and set.
     */
    static PcapHandle open(PcapNetworkInterface nif, CaptureOptions options) throws CaptureUnavailableException {
        PcapHandle handle;
        try {
            handle = build(nif.getName(), options, TimestampPrecision.NANO);
        } catch (PcapNativeException nanoRefused) {
            try {
                // Not every platform or libpcap offers nanoseconds; microseconds are what tcpdump writes.
                handle = build(nif.getName(), options, TimestampPrecision.MICRO);
            } catch (PcapNativeException e) {
                throw openFailed(nif.getName(), e);
            }
        } catch (LinkageError e) {
            throw libpcapMissing(e);
        }
        if (!options.filter().isEmpty()) {
            try {
                handle.setFilter(options.filter(), BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | NotOpenException e) {
                handle.close();
                throw new CaptureUnavailableException("the filter '" + options.filter()
                        + "' does not compile (" + oneLine(e) + "); expected a tcpdump expression such as 'tcp port 8080'", e);
            }
        }
        return handle;
    }

    private static PcapHandle build(String name, CaptureOptions options, TimestampPrecision precision)
            throws PcapNativeException {
        return new PcapHandle.Builder(name)
                .snaplen(options.snapLength())
                .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(READ_TIMEOUT_MILLIS)
                .bufferSize(options.bufferBytes())
                .immediateMode(options.immediate())
                .timestampPrecision(precision)
                .build();
    }

    static CaptureUnavailableException openFailed(String name, PcapNativeException e) {
        Integer rc = e.getReturnCode();
        String text = oneLine(e);
        String lower = text.toLowerCase(Locale.ROOT);
        if ((rc != null && rc == PCAP_ERROR_PERM_DENIED) || lower.contains("permission")
                || lower.contains("operation not permitted")) {
            return new CaptureUnavailableException("no permission to capture on '" + name + "' (" + text + "); "
                    + PERMISSION_FIX, e);
        }
        if ((rc != null && rc == PCAP_ERROR_NO_SUCH_DEVICE) || lower.contains("no such device")) {
            return new CaptureUnavailableException("no interface '" + name + "' to capture on (" + text + ")", e);
        }
        return new CaptureUnavailableException("libpcap cannot open '" + name + "' (" + text
                + (rc == null ? "" : ", code " + rc) + ")", e);
    }

    static CaptureUnavailableException libpcapMissing(LinkageError e) {
        return new CaptureUnavailableException("libpcap is not installed or cannot be loaded ("
                + oneLine(e) + "); " + INSTALL_FIX, e);
    }

    /** The library's message on one line: libpcap error buffers sometimes end in a newline. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }
}
