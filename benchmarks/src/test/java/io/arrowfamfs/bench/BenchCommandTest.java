package io.arrowfamfs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arrowfamfs.testkit.ShmDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bench verb's help and error forms, as the launcher runs it (BenchMain: every verb plus bench). */
class BenchCommandTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BenchMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void helpNamesEveryBenchmarkTheExitStatusesAndAnExample() {
        Result help = run("bench", "--help");
        assertEquals(0, help.status());
        for (String name : Benchmarks.names()) {
            assertTrue(help.out().contains(name), help.out());
        }
        assertTrue(help.out().contains("Exit status:"), help.out());
        assertTrue(help.out().contains("arrow-famfs bench attach --json"), help.out());
        assertEquals(help.out(), run("help", "bench").out());
        assertTrue(run("--help").out().contains("bench"), "the root help lists bench");
    }

    @Test
    void anUnknownBenchmarkOrTooFewRunsIsAUsageError() {
        Result unknown = run("bench", "frob");
        assertEquals(2, unknown.status());
        assertEquals(
                "arrow-famfs: bench: unknown benchmark: frob (expected one of attach, publish, share, visibility,"
                        + " small, reclaim, query, commitlog)\ntry 'arrow-famfs bench --help'\n",
                unknown.err());
        Result runs = run("bench", "attach", "--runs", "3");
        assertEquals(2, runs.status());
        assertTrue(runs.err().startsWith("arrow-famfs: bench: --runs must be at least 5: 3\n"), runs.err());
    }

    @Test
    void anExistingDeviceIsNeverFormattedWithoutForce() throws IOException {
        Path existing = shm.device("precious.img");
        byte[] bytes = {1, 2, 3, 4};
        Files.write(existing, bytes);
        Result refused = run(
                "bench",
                "attach",
                "-d",
                existing.toString(),
                "--dir",
                shm.path().toString());
        assertEquals(1, refused.status(), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("arrow-famfs: "), refused.err());
        assertTrue(refused.err().contains(existing.toString()), refused.err());
        assertArrayEquals(bytes, Files.readAllBytes(existing), "the file is untouched");
        try (Stream<Path> left = Files.list(shm.path())) {
            assertEquals(1, left.count(), "no scratch directory is left behind");
        }
    }
}
