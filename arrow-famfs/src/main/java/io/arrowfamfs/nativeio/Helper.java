package io.arrowfamfs.nativeio;

import io.arrowfamfs.nativeio.Bindings.HelperLib;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The project's native helper ({@code src/main/c}, built by Maven with gcc), loaded from the
 * class path on first use, so that code paths that never need it never load it. When it cannot
 * be loaded, every use throws {@link NativeHelperUnavailableException}.
 */
final class Helper {
    static final String RESOURCE = "linux-x86_64/libarrowfamfs.so";

    private Helper() {}

    /** The loaded helper; throws {@link NativeHelperUnavailableException} when there is none. */
    static HelperLib lib() {
        Loaded loaded = Loaded.ONCE;
        if (loaded.failure != null) {
            throw loaded.failure.again();
        }
        return loaded.lib;
    }

    /**
     * Loads the helper from {@code url} (null when the resource is missing) for a JVM whose
     * {@code os.arch} is {@code arch}.
     */
    static HelperLib load(URL url, String arch) {
        if (url == null) {
            boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
            throw new NativeHelperUnavailableException(
                    RESOURCE,
                    arch,
                    "missing",
                    x86
                            ? "it is built with gcc when Maven builds arrow-famfs: install gcc (apt-get install gcc) and rebuild"
                            : "the helper exists for x86-64 Linux only; use a coherent volume, which needs no cache"
                                    + " maintenance, or build src/main/c for this architecture",
                    null);
        }
        try {
            Path library;
            if (url.getProtocol().equals("file")) {
                library = Path.of(url.toURI());
            } else {
                library = Files.createTempFile("arrowfamfs", ".so");
                try (InputStream in = url.openStream()) {
                    Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try {
                return Native.load(HelperLib.class, library.toAbsolutePath().toString());
            } finally {
                if (!url.getProtocol().equals("file")) {
                    Files.delete(library); // dlopen keeps it mapped; nothing to clean up later
                }
            }
        } catch (IOException | URISyntaxException | UnsatisfiedLinkError e) {
            throw new NativeHelperUnavailableException(
                    url.toString(),
                    arch,
                    firstLine(e),
                    "the library does not load on this machine; rebuild arrow-famfs here (needs gcc)",
                    e);
        }
    }

    /** The first line of the error (jnr-ffi appends its search paths), or its type when it has no message. */
    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getName()
                : message.lines().findFirst().orElseThrow();
    }

    /** The outcome of the one attempt to load the helper, made when it is first needed. */
    private static final class Loaded {
        static final Loaded ONCE = attempt();

        final HelperLib lib;
        final NativeHelperUnavailableException failure;

        private Loaded(HelperLib lib, NativeHelperUnavailableException failure) {
            this.lib = lib;
            this.failure = failure;
        }

        private static Loaded attempt() {
            try {
                return new Loaded(load(Helper.class.getResource(RESOURCE), System.getProperty("os.arch")), null);
            } catch (NativeHelperUnavailableException e) {
                return new Loaded(null, e);
            }
        }
    }
}
