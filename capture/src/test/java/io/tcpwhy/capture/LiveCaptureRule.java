package io.tcpwhy.capture;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that capture live: when capture is impossible here (no libpcap, not
 * root, no loopback), they are skipped with the reason shown, unless the environment sets
 * {@value #REQUIRE_VARIABLE}=1, as CI does: there a test that cannot capture fails.
 */
public final class LiveCaptureRule {

    public static final String REQUIRE_VARIABLE = "TCPWHY_REQUIRE_LIVE";

    private LiveCaptureRule() {
    }

    /** Something that captures live and may find it impossible. */
    @FunctionalInterface
    public interface LiveAction<T> {
        T run() throws Exception;
    }

    /** Runs {@code action}; a {@link CaptureUnavailableException} skips the test, or fails it in CI. */
    public static <T> T live(LiveAction<T> action) throws Exception {
        try {
            return action.run();
        } catch (CaptureUnavailableException e) {
            return unavailable(e);
        }
    }

    /** Skips (or in CI fails) the running test because of {@code e}. */
    public static <T> T unavailable(CaptureUnavailableException e) {
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            return fail(REQUIRE_VARIABLE + "=1 but live capture is impossible: " + e.getMessage(), e);
        }
        Assumptions.abort("live capture impossible here: " + e.getMessage());
        throw new AssertionError("unreachable: Assumptions.abort throws");
    }
}
