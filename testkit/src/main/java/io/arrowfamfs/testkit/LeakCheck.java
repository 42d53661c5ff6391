package io.arrowfamfs.testkit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test, or a test class, that leaves resources behind. Registered for every test of every
 * module that has the test kit on its class path, through JUnit's extension auto-detection (the
 * kit ships {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and a
 * {@code junit-platform.properties} that turns detection on): nobody has to remember it.
 *
 * <p>After each test (after its {@code @AfterEach} methods and the other extensions' callbacks)
 * and again after each class (after its {@code @AfterAll} methods), it compares with what was
 * held before:
 * <ul>
 *   <li>regions mapped and not unmapped, Arrow C streams and stream slots not closed: read from
 *       arrow-famfs's platform MBean {@code io.arrowfamfs:type=NativeResources} through JMX, so
 *       the kit has no compile-time dependency on the library it tests;
 *   <li>open file descriptors, by target ({@code /proc/self/fd}): a device or scratch file left
 *       open fails, what the JVM and DuckDB open lazily and keep (jars, random devices, sockets)
 *       does not;
 *   <li>threads started during the test and still alive, except the JVM's own and its
 *       process-wide pools (common pool, process reaper, cleaners);
 *   <li>child processes (other "hosts", see {@link Jvm}) started during the test and still running.
 * </ul>
 * Pools shut down at the end of a test need a moment for their threads to finish, and resources
 * handed to another thread to close need it too: a leak must persist for a grace period of
 * {@value #GRACE_MILLIS} ms before the check fails. The message names the test and every leaked
 * resource.
 *
 * <p><b>Arrow allocators</b> are not checked here: Arrow keeps no registry of root allocators, so
 * there is nothing sound to compare. Each test closes its own {@code RootAllocator}s, and
 * {@code RootAllocator.close()} throws {@code IllegalStateException} naming the leaked buffers.
 *
 * <p>Tests run one at a time per JVM (the build runs no JUnit parallelism); a leak check over
 * concurrently running tests would blame the wrong one.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    static final long GRACE_MILLIS = 2000;
    private static final String REPORTED = "leak reported by a test";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);
    private static final List<Probe<?>> PROBES =
            List.of(new NativeCounters(), new OpenFiles(), new LiveThreads(), new ChildProcesses());

    /** Records what the class holds before its {@code @BeforeAll} methods. */
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put(Baseline.class, Baseline.take());
    }

    /**
     * Fails the class if it holds, after its {@code @AfterAll} methods, more than before, unless one
     * of its tests already failed for the same leaks.
     */
    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getStore(NS).remove(REPORTED, Boolean.class) == null) {
            verify(context, "class " + context.getRequiredTestClass().getName());
        }
    }

    /** Records what the test holds before its {@code @BeforeEach} methods. */
    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put(Baseline.class, Baseline.take());
    }

    /** Fails the test if it holds, after its {@code @AfterEach} methods, more than before. */
    @Override
    public void afterEach(ExtensionContext context) {
        try {
            verify(context, "test " + testName(context));
        } catch (AssertionError e) {
            context.getParent().ifPresent(parent -> parent.getStore(NS).put(REPORTED, true));
            throw e;
        }
    }

    private static void verify(ExtensionContext context, String what) {
        Baseline baseline = context.getStore(NS).remove(Baseline.class, Baseline.class);
        if (baseline == null) {
            return; // the same extension registered twice (auto-detected and @ExtendWith): checked once
        }
        List<String> leaks = baseline.leaksAfterGrace();
        if (!leaks.isEmpty()) {
            throw new AssertionError(message(what, leaks));
        }
    }

    /** The failure message: the test, then one leaked resource per line. */
    static String message(String what, List<String> leaks) {
        return "resources leaked by " + what + ":\n  " + String.join("\n  ", leaks);
    }

    /** {@code com.example.SomeTest#method}, plus the display name where it says more (parameters). */
    static String testName(ExtensionContext context) {
        String name = context.getRequiredTestClass().getName();
        Method method = context.getTestMethod().orElse(null);
        if (method == null) {
            return name;
        }
        String display = context.getDisplayName();
        name += "#" + method.getName();
        return display.startsWith(method.getName() + "(") ? name : name + " [" + display + "]";
    }

    /** One snapshot per probe, taken before a test or class. */
    static final class Baseline {
        private final List<Object> snapshots;

        private Baseline(List<Object> snapshots) {
            this.snapshots = snapshots;
        }

        static Baseline take() {
            List<Object> snapshots = new ArrayList<>();
            for (Probe<?> probe : PROBES) {
                snapshots.add(probe.snapshot());
            }
            return new Baseline(snapshots);
        }

        /** What is leaked now, after waiting up to the grace period for leaks to go away. */
        List<String> leaksAfterGrace() {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
            while (true) {
                List<String> leaks = leaks();
                if (leaks.isEmpty() || System.nanoTime() - deadline > 0) {
                    return leaks;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return leaks;
                }
            }
        }

        List<String> leaks() {
            List<String> leaks = new ArrayList<>();
            for (int i = 0; i < PROBES.size(); i++) {
                leaks.addAll(leaksSince(PROBES.get(i), snapshots.get(i)));
            }
            return leaks;
        }

        @SuppressWarnings("unchecked")
        private static <S> List<String> leaksSince(Probe<S> probe, Object before) {
            return probe.leaksSince((S) before);
        }
    }
}
