package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The main job, end to end: publish, reader processes as client nodes, shared memory report. */
class DemoTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @Test
    void demoPublishesAndEveryReaderAgrees() {
        String d = shm.device("demo.img").toString();
        CliTest.Result first = CliTest.run("demo", "-d", d, "--node-id", CliTest.MASTER, "--readers", "2");
        assertEquals(0, first.status(), first.out() + first.err());
        assertTrue(first.out().contains("published"), first.out());
        assertTrue(first.out().contains("every reader got the same answer over all 3,000,000 rows"), first.out());
        assertEquals(
                2,
                first.out()
                        .lines()
                        .filter(l -> l.matches("\\d+ +\\S+ client .*"))
                        .count(),
                first.out());
        CliTest.Result again = CliTest.run("demo", "-d", d, "--node-id", CliTest.MASTER, "--readers", "1");
        assertEquals(0, again.status(), again.out() + again.err());
        assertTrue(again.out().startsWith("table flights already published"), again.out());
        assertEquals(
                readerNodes(first.out()).subList(0, 1),
                readerNodes(again.out()),
                "reader 0 is the same node in every run, so runs reuse its host pin table");
    }

    /** The node of each reader line of a demo's report, in reader order. */
    private static List<String> readerNodes(String out) {
        return out.lines()
                .filter(l -> l.matches("\\d+ +\\S+ client .*"))
                .map(l -> l.split(" +")[1])
                .toList();
    }
}
