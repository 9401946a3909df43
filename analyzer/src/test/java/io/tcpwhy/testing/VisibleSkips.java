package io.tcpwhy.testing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Makes "did not run" visible in the Maven output, in every module: registered through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} with autodetection
 * switched on in {@code junit-platform.properties} (both in the analyzer's test resources,
 * which every other module has through the analyzer's test-jar).
 *
 * <ul>
 *   <li>A skipped test (an assumption that aborted it, or {@code @Disabled}) prints one line
 *       with its reason when it is skipped, and again in a summary when the module's tests end,
 *       so a newcomer sees what did not run and why without opening surefire's XML files.</li>
 *   <li>A {@code @TestFactory} that returns no tests fails: a test that runs nothing must not
 *       pass. (An empty {@code @ParameterizedTest} source already fails in JUnit itself.)</li>
 * </ul>
 *
 * <p>Skips that must not happen in CI are turned into failures by the tests themselves (see
 * {@code LiveCaptureRule} and {@code TCPWHY_REQUIRE_LIVE}); this extension only reports.
 */
public final class VisibleSkips implements TestWatcher, InvocationInterceptor {

    static final String PREFIX = "[tcpwhy] SKIPPED ";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VisibleSkips.class);

    public VisibleSkips() {
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        skipped(context, cause == null || cause.getMessage() == null ? "aborted without a reason" : cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        skipped(context, "disabled: " + reason.orElse("no reason given"));
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        T produced = invocation.proceed();
        List<Object> tests = materialize(produced);
        if (tests != null && tests.isEmpty()) {
            throw new AssertionError(extensionContext.getRequiredTestMethod().getName()
                    + " produced no tests (expected at least one: a factory that runs nothing must not pass)");
        }
        @SuppressWarnings("unchecked") // same type as produced: a Stream stays a Stream, a List a List
        T same = tests == null || !(produced instanceof Stream) ? produced : (T) tests.stream();
        return same;
    }

    /** The factory's tests as a list; null for a type whose emptiness cannot be checked without consuming it. */
    private static List<Object> materialize(Object produced) {
        if (produced instanceof Stream<?> stream) {
            List<Object> all = new ArrayList<>();
            try (stream) {
                stream.forEach(all::add);
            }
            return all;
        }
        if (produced instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (produced instanceof Object[] array) {
            return List.of(array);
        }
        return null;
    }

    private static void skipped(ExtensionContext context, String reason) {
        String line = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName() + ": " + reason;
        System.out.println(PREFIX + line);
        // The root context closes when the test run's last test has run: the summary prints then.
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Summary.class, k -> new Summary(), Summary.class)
                .skipped.add(line);
    }

    /** The run's skips, printed once when the root extension context closes at the end of the module's tests. */
    private static final class Summary implements ExtensionContext.Store.CloseableResource {
        final Collection<String> skipped = new ConcurrentLinkedQueue<>();

        @Override
        public void close() {
            StringBuilder out = new StringBuilder();
            out.append("[tcpwhy] ").append(skipped.size()).append(skipped.size() == 1 ? " test" : " tests")
                    .append(" did not run here:").append(System.lineSeparator());
            for (String line : skipped) {
                out.append("[tcpwhy]   ").append(line).append(System.lineSeparator());
            }
            System.out.print(out);
            System.out.flush();
        }
    }
}
