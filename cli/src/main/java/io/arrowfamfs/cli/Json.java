package io.arrowfamfs.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** One JSON document on a command's stdout, written with Jackson's streaming generator. */
final class Json implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();
    final JsonGenerator g;
    private final PrintWriter out;

    Json(PrintWriter out) {
        this.out = out;
        try {
            this.g = FACTORY.createGenerator(out).useDefaultPrettyPrinter();
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code body} against the generator, turning IOExceptions unchecked. */
    Json write(IoBody body) {
        try {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public void close() {
        try {
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    @FunctionalInterface
    interface IoBody {
        void write(JsonGenerator g) throws IOException;
    }
}
