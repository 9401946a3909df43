package io.tcpwhy.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libpcap and C library functions the live path calls itself rather than through
 * pcap4j, bound by JNA direct mapping: primitive arguments only (pointers as {@code long}, so
 * 64-bit platforms), the cheapest call JNA makes. pcap4j still opens, filters and closes the
 * handle.
 */
final class LibpcapDirect {

    /** pcap/pcap.h: PCAP_ERROR, the message in pcap_geterr. */
    static final int PCAP_ERROR = -1;
    /** pcap/pcap.h: PCAP_ERROR_BREAK, pcap_breakloop was called. */
    static final int PCAP_ERROR_BREAK = -2;
    /** stdio.h: fully buffered (glibc and musl: 0). */
    static final int IOFBF = 0;
    /** stdio.h: SEEK_SET. */
    static final int SEEK_SET = 0;

    // struct pcap_stat (pcap/pcap.h), on every platform but Windows: u_int ps_recv, ps_drop, ps_ifdrop.
    static final int PS_RECV_OFFSET = 0;
    static final int PS_DROP_OFFSET = PS_RECV_OFFSET + Integer.BYTES;
    static final int PS_IFDROP_OFFSET = PS_DROP_OFFSET + Integer.BYTES;
    static final int PCAP_STAT_SIZE = PS_IFDROP_OFFSET + Integer.BYTES;

    private static final String LIBPCAP = System.getProperty("org.pcap4j.core.pcapLibName", "pcap");

    private LibpcapDirect() {
    }

    /**
     * Binds the functions now: a missing libpcap or C function shows here, at the start, not at
     * the first frame.
     *
     * @throws LinkageError libpcap or a function cannot be found
     */
    static void bind() {
        Pcap.bind();
        LibC.bind();
    }

    /** The address of libpcap's {@code pcap_dump}, a {@code pcap_handler} libpcap can call itself. */
    static long pcapDumpHandler() {
        return Pointer.nativeValue(NativeLibrary.getInstance(LIBPCAP).getFunction("pcap_dump"));
    }

    /** libpcap, by the name pcap4j loaded it under. */
    static final class Pcap {

        static {
            Native.register(Pcap.class, NativeLibrary.getInstance(LIBPCAP));
        }

        private Pcap() {
        }

        static void bind() {
        }

        static native int pcap_dispatch(long pcap, int count, long handler, long user);

        static native long pcap_dump_fopen(long pcap, long file);

        static native int pcap_dump_flush(long dumper);

        static native long pcap_dump_ftell(long dumper);

        static native long pcap_dump_file(long dumper);

        static native void pcap_dump_close(long dumper);

        static native int pcap_stats(long pcap, long stat);

        static native String pcap_geterr(long pcap);
    }

    /** The C library: a stdio stream over memory of our own. */
    static final class LibC {

        static {
            Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        private LibC() {
        }

        static void bind() {
        }

        static native long fmemopen(long buffer, long size, String mode);

        static native int setvbuf(long stream, long buffer, int mode, long size);

        static native int fseek(long stream, long offset, int whence);

        static native int fclose(long stream);
    }
}
