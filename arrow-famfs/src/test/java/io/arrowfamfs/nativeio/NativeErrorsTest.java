package io.arrowfamfs.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The messages users see when native calls fail: {@code what failed: key=value ...}, with a hint. */
class NativeErrorsTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @Test
    void aFailedCallNamesTheCallResourceArgumentsAndErrno() {
        Path missing = shm.device("missing");
        NativeCallException e =
                assertThrows(NativeCallException.class, () -> NativeFile.open(missing, Protection.READ_ONLY));
        assertEquals(
                "open failed: resource=" + missing + " mode=READ_ONLY errno=2 error=\"No such file or directory\"",
                e.getMessage());
        assertEquals("open", e.call());
        assertEquals(missing.toString(), e.resource());
        assertEquals(2, e.errno());
    }

    @Test
    void aResourceWithSpacesIsQuoted() {
        assertEquals(
                "use after close: resource=\"catalog of /dev/shm/x\"",
                new ResourceClosedException("catalog of /dev/shm/x").getMessage());
        assertEquals(
                "use after close: resource=/dev/shm/x@0+4096",
                new ResourceClosedException("/dev/shm/x@0+4096").getMessage());
        assertEquals(
                "region is read-only: resource=\"say \\\"hi\\\"\"",
                new ReadOnlyRegionException("say \"hi\"").getMessage());
    }

    @Test
    void aMissingHelperOnX86SaysToInstallGcc() {
        NativeHelperUnavailableException e =
                assertThrows(NativeHelperUnavailableException.class, () -> Helper.load(null, "amd64"));
        assertEquals(
                "native helper unavailable: resource=linux-x86_64/libarrowfamfs.so arch=amd64 error=missing;"
                        + " hint: it is built with gcc when Maven builds arrow-famfs: install gcc (apt-get install gcc) and"
                        + " rebuild",
                e.getMessage());
    }

    @Test
    void aMissingHelperElsewhereSaysItIsX86Only() {
        NativeHelperUnavailableException e =
                assertThrows(NativeHelperUnavailableException.class, () -> Helper.load(null, "aarch64"));
        assertTrue(
                e.getMessage()
                        .startsWith("native helper unavailable: resource=linux-x86_64/libarrowfamfs.so"
                                + " arch=aarch64 error=missing; hint: the helper exists for x86-64 Linux only"),
                e.getMessage());
        assertTrue(e.hint().startsWith("the helper exists for x86-64 Linux only"), e.hint());
    }

    @Test
    void aHelperThatDoesNotLoadIsTypedAndKeepsTheCause() throws Exception {
        Path notALibrary = shm.device("libarrowfamfs.so");
        Files.writeString(notALibrary, "not an ELF file");
        NativeHelperUnavailableException e = assertThrows(
                NativeHelperUnavailableException.class,
                () -> Helper.load(notALibrary.toUri().toURL(), "amd64"));
        assertTrue(
                e.getMessage()
                        .startsWith("native helper unavailable: resource="
                                + notALibrary.toUri().toURL() + " arch=amd64 error=\"" + notALibrary + ": "),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("; hint: the library does not load on this machine; rebuild arrow-famfs"
                                + " here (needs gcc)"),
                e.getMessage());
        assertTrue(e.getCause() instanceof UnsatisfiedLinkError, String.valueOf(e.getCause()));
        NativeHelperUnavailableException again = e.again();
        assertEquals(e.getMessage(), again.getMessage());
        assertSame(e, again.getCause());
    }
}
