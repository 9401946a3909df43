package io.tcpwhy.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that read kernel events: where tracefs, an event or root is missing they
 * are skipped with the reason shown, unless {@value #REQUIRE_VARIABLE}=1 (CI), where they fail.
 * The same variable as the live-capture tests' rule.
 */
public final class KernelRule {

    public static final String REQUIRE_VARIABLE = "TCPWHY_REQUIRE_LIVE";

    private KernelRule() {
    }

    /** Skips (or in CI fails) the running test because of {@code e}. */
    public static <T> T unavailable(KernelUnavailableException e) {
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            return fail(REQUIRE_VARIABLE + "=1 but kernel events cannot be read: " + e.getMessage(), e);
        }
        Assumptions.abort("kernel events impossible here: " + e.getMessage());
        throw new AssertionError("unreachable: Assumptions.abort throws");
    }
}
