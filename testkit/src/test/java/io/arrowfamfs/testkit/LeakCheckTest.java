package io.arrowfamfs.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs small fixture classes through the JUnit launcher, as the build runs every test, and checks
 * that the auto-detected leak check fails those that leak and passes those that clean up. The
 * fixtures are nested classes, which the build does not run on their own.
 */
class LeakCheckTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    static Path scratch;
    static FileChannel leakedFile;
    static CountDownLatch stop;
    static Thread leakedThread;
    static final AtomicLong MAPPINGS = new AtomicLong();
    static Process leakedProcess;

    @AfterEach
    void releaseWhatTheFixturesLeaked() throws Exception {
        if (leakedFile != null) {
            leakedFile.close();
            leakedFile = null;
        }
        if (leakedThread != null) {
            stop.countDown();
            leakedThread.join();
            leakedThread = null;
        }
        MAPPINGS.set(0);
        if (leakedProcess != null) {
            leakedProcess.destroyForcibly().waitFor();
            leakedProcess = null;
        }
    }

    @Test
    void aFileLeftOpenFailsNamingTheTestAndTheFile() {
        scratch = shm.device("scratch.img");
        List<String> failures = run(LeavesAFileOpen.class);
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(
                failures.get(0).startsWith("resources leaked by test " + LeavesAFileOpen.class.getName() + "#opens:"),
                failures.get(0));
        assertTrue(failures.get(0).contains("file descriptor not closed: target=" + scratch), failures.get(0));
    }

    @Test
    void aThreadLeftRunningFailsNamingTheThread() {
        List<String> failures = run(LeavesAThreadRunning.class);
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).contains("thread still running: name=\"leaky-worker\""), failures.get(0));
    }

    @Test
    void aChildProcessLeftRunningFailsNamingIt() {
        List<String> failures = run(LeavesAChildRunning.class);
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(
                failures.get(0).contains("child process still running: pid=" + leakedProcess.pid()), failures.get(0));
    }

    @Test
    void aMappingLeftMappedFailsWithTheCountFromTheMBean() throws Exception {
        ObjectName name = new ObjectName(NativeCounters.MBEAN);
        ManagementFactory.getPlatformMBeanServer().registerMBean(new FakeResources(), name);
        try {
            List<String> failures = run(LeavesAMapping.class);
            assertEquals(1, failures.size(), failures.toString());
            assertTrue(failures.get(0).contains("mappings not unmapped: count=1 bytes=4096"), failures.get(0));
        } finally {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        }
    }

    @Test
    void aTestThatCleansUpPassesEvenWhilePoolThreadsFinish() {
        scratch = shm.device("clean.img");
        assertEquals(List.of(), run(CleansUp.class));
    }

    /** Runs {@code fixture}'s tests and returns the message of each failure, test or class. */
    private static List<String> run(Class<?> fixture) {
        List<String> failures = new ArrayList<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.getSource().isPresent() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failures.add(
                            result.getThrowable().map(Throwable::getMessage).orElse("failed"));
                }
            }
        };
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(fixture))
                                .build(),
                        listener);
        return failures;
    }

    static class LeavesAFileOpen {
        @Test
        void opens() throws IOException {
            leakedFile = FileChannel.open(scratch, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
    }

    static class LeavesAThreadRunning {
        @Test
        void starts() {
            CountDownLatch latch = new CountDownLatch(1);
            stop = latch;
            leakedThread = new Thread(
                    () -> {
                        try {
                            latch.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "leaky-worker");
            leakedThread.start();
        }
    }

    static class LeavesAChildRunning {
        @Test
        void starts() throws IOException {
            leakedProcess = new ProcessBuilder("sleep", "600").start();
        }
    }

    static class LeavesAMapping {
        @Test
        void maps() {
            MAPPINGS.incrementAndGet();
        }
    }

    static class CleansUp {
        @Test
        void closesWhatItOpens() throws Exception {
            try (FileChannel file = FileChannel.open(scratch, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                file.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            }
            Files.delete(scratch);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 4; i++) {
                pool.submit(() -> {
                    Thread.sleep(10);
                    return null;
                });
            }
            pool.shutdown();
        }
    }

    /** The MXBean interface of arrow-famfs's counters, as the leak check reads them. */
    public interface FakeResourcesMXBean {
        /** Live mappings. */
        long getLiveMappings();

        /** Their bytes. */
        long getLiveMappedBytes();

        /** Live slices of mappings. */
        long getLiveSlices();

        /** Live streams. */
        long getLiveStreams();

        /** Live stream slots. */
        long getLiveStreamSlots();
    }

    /** Counts what {@link LeavesAMapping} maps, 4 KiB each. */
    public static final class FakeResources implements FakeResourcesMXBean {
        @Override
        public long getLiveMappings() {
            return MAPPINGS.get();
        }

        @Override
        public long getLiveMappedBytes() {
            return MAPPINGS.get() * 4096;
        }

        @Override
        public long getLiveSlices() {
            return 0;
        }

        @Override
        public long getLiveStreams() {
            return 0;
        }

        @Override
        public long getLiveStreamSlots() {
            return 0;
        }
    }
}
