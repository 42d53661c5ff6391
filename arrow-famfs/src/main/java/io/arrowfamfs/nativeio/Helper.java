package io.arrowfamfs.nativeio;

import io.arrowfamfs.ArrowFamfsException;
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
 * class path on first use, so that code paths that never need it never load it.
 */
final class Helper {
    private static final String RESOURCE = "linux-x86_64/libarrowfamfs.so";

    static final HelperLib LIB = load();

    private Helper() {}

    private static HelperLib load() {
        URL url = Helper.class.getResource(RESOURCE);
        if (url == null) {
            throw new ArrowFamfsException("native helper missing: resource=" + RESOURCE + " arch="
                    + System.getProperty("os.arch") + "; hint: the helper is built for x86_64 by Maven with gcc");
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
            HelperLib lib = Native.load(HelperLib.class, library.toAbsolutePath().toString());
            if (!url.getProtocol().equals("file")) {
                Files.delete(library); // dlopen keeps it mapped; nothing to clean up later
            }
            return lib;
        } catch (IOException | URISyntaxException e) {
            throw new ArrowFamfsException("cannot load native helper: resource=" + url + " error=" + e, e);
        }
    }
}
