package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measured values of one quantity: run count, median, min and max. */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    int runs() {
        return values.size();
    }

    double median() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return Collections.min(values);
    }

    double max() {
        return Collections.max(values);
    }

    /** {@code "name": {"runs": n, "median": m, "min": a, "max": b}}. */
    void write(JsonGenerator g, String name) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("runs", runs());
        g.writeNumberField("median", round(median()));
        g.writeNumberField("min", round(min()));
        g.writeNumberField("max", round(max()));
        g.writeEndObject();
    }

    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT, "median %.4f (min %.4f, max %.4f, %d runs)", median(), min(), max(), runs());
    }
}
