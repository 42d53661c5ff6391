package io.arrowfamfs.examples;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The examples run as documented and clean up after themselves. */
class ExamplesTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private String run(ThrowingMain main, String device) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run(new String[] {device});
        } finally {
            System.setOut(saved);
        }
        assertFalse(Files.exists(shm.device("example.img")), "the example removes its device");
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shareAFile() throws Exception {
        String out = run(ShareAFile::main, shm.device("example.img").toString());
        assertTrue(
                out.contains("sees greetings/hello.txt (27000 bytes), role client: hello from the master node"), out);
    }

    @Test
    void publishAndAttach() throws Exception {
        String out = run(PublishAndAttach::main, shm.device("example.img").toString());
        assertTrue(out.contains("attached ids: 1,000,000 rows, last id 999999"), out);
    }

    @FunctionalInterface
    interface ThrowingMain {
        void run(String[] args) throws Exception;
    }
}
