package io.tcpwhy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs small fixture classes through the JUnit launcher, with the same autodetection setting the
 * build uses, and checks what {@link VisibleSkips} makes of them. The fixtures are nested
 * classes, which surefire does not run on its own.
 */
class VisibleSkipsTest {

    @Test
    void anAbortedTestPrintsItsReasonAndTheSummaryListsIt() {
        Run run = run(Aborting.class);
        assertEquals(1, run.summary.getTestsAbortedCount());
        assertTrue(run.out.contains(VisibleSkips.PREFIX + "Aborting.needsSomething(): libfoo is not installed"), run.out);
        assertTrue(run.out.contains("did not run here:"), run.out);
        assertTrue(run.out.contains("[tcpwhy]   Aborting.needsSomething(): libfoo is not installed"), run.out);
    }

    @Test
    void aDisabledTestPrintsWhy() {
        Run run = run(DisabledOne.class);
        assertTrue(run.out.contains(VisibleSkips.PREFIX + "DisabledOne.notYet(): disabled: waits for issue 99"), run.out);
    }

    @Test
    void aFactoryWithNoTestsFails() {
        Run run = run(EmptyFactory.class);
        assertEquals(1, run.summary.getTotalFailureCount(), run.out);
        String message = run.summary.getFailures().get(0).getException().getMessage();
        assertEquals("nothing produced no tests (expected at least one: a factory that runs nothing must not pass)",
                message);
    }

    @Test
    void aFactoryWithTestsStillRunsThemAll() {
        Run run = run(TwoDynamic.class);
        assertEquals(2, run.summary.getTestsSucceededCount());
        assertEquals(0, run.summary.getTotalFailureCount());
    }

    @Test
    void aParameterizedTestWithAnEmptySourceFails() {
        Run run = run(EmptySource.class);
        assertEquals(1, run.summary.getTotalFailureCount(), run.out);
    }

    @Test
    void testsThatRunPrintNothing() {
        Run run = run(TwoDynamic.class);
        assertTrue(!run.out.contains("[tcpwhy]"), run.out);
    }

    private record Run(TestExecutionSummary summary, String out) {
    }

    private static Run run(Class<?> fixture) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            launcher.execute(request, listener);
        } finally {
            System.setOut(original);
        }
        return new Run(listener.getSummary(), bytes.toString(StandardCharsets.UTF_8));
    }

    static class Aborting {
        @Test
        void needsSomething() {
            Assumptions.abort("libfoo is not installed");
        }
    }

    static class DisabledOne {
        @Test
        @Disabled("waits for issue 99")
        void notYet() {
        }
    }

    static class EmptyFactory {
        @TestFactory
        Stream<DynamicTest> nothing() {
            return Stream.empty();
        }
    }

    static class TwoDynamic {
        @TestFactory
        List<DynamicTest> two() {
            return List.of(DynamicTest.dynamicTest("a", () -> { }), DynamicTest.dynamicTest("b", () -> { }));
        }
    }

    static class EmptySource {
        static Stream<String> none() {
            return Stream.empty();
        }

        @ParameterizedTest
        @MethodSource("none")
        void each(String value) {
        }
    }
}
