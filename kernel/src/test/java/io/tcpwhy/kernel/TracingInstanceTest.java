package io.tcpwhy.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reader says when tracefs is not there or lacks an event: a folder plays tracefs. */
class TracingInstanceTest {

    @TempDir
    Path root;

    @Test
    void noTracefs_saysHowToMountIt() {
        KernelUnavailableException e = assertThrows(KernelUnavailableException.class,
                () -> KernelEvents.start(root, Set.of(80), KernelEventListener.NONE));
        assertEquals("tracefs is not mounted at " + root + " (no instances/ folder): as root run 'mount -t tracefs nodev "
                + root + "'", e.getMessage());
    }

    @Test
    void eventMissing_namesItAndTheKernelNeeded() throws Exception {
        Files.createDirectories(root.resolve("instances"));
        for (KernelEventType t : KernelEventType.values()) {
            if (t != KernelEventType.ERROR_REPORT) {
                Files.createDirectories(root.resolve("events").resolve(t.system()).resolve(t.wire()));
            }
        }
        KernelUnavailableException e = assertThrows(KernelUnavailableException.class,
                () -> KernelEvents.start(root, Set.of(80), KernelEventListener.NONE));
        assertEquals("this kernel has no tracepoint sock:inet_sk_error_report (" + root.resolve("events/sock")
                + "): it needs Linux 5.x or later with CONFIG_FTRACE, see docs/kernel.md", e.getMessage());
    }
}
