package io.arrowfamfs.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.space.SpaceReport;
import io.arrowfamfs.space.SpaceReport.PoolSpace;
import java.io.IOException;
import java.io.PrintWriter;

/** The space report as {@code info}, {@code tables} and {@code fsck} print it: per pool, then the total. */
final class SpaceLines {
    private SpaceLines() {}

    static void print(PrintWriter out, SpaceReport space) {
        if (space.pools().isEmpty()) {
            out.println("pools         none yet (the first publish makes one)");
            return;
        }
        out.printf(
                "%-6s %10s %10s %10s %12s %10s %10s %10s%n",
                "pool", "size", "live", "retired", "quarantined", "free", "granted", "orphaned");
        for (PoolSpace pool : space.pools()) {
            line(out, String.valueOf(pool.pool()), pool);
        }
        if (space.pools().size() > 1) {
            line(out, "total", space.total());
        }
    }

    private static void line(PrintWriter out, String name, PoolSpace p) {
        out.printf(
                "%-6s %10s %10s %10s %12s %10s %10s %10s%n",
                name,
                Sizes.human(p.size()),
                Sizes.human(p.live()),
                Sizes.human(p.retired()),
                Sizes.human(p.quarantined()),
                Sizes.human(p.free()),
                Sizes.human(p.granted()),
                Sizes.human(p.orphaned()));
    }

    /** The {@code space} object: totals, then {@code pools}, one object each. */
    static void write(JsonGenerator g, SpaceReport space) throws IOException {
        g.writeObjectFieldStart("space");
        fields(g, space.total());
        g.writeArrayFieldStart("pools");
        for (PoolSpace pool : space.pools()) {
            g.writeStartObject();
            g.writeNumberField("pool", pool.pool());
            fields(g, pool);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void fields(JsonGenerator g, PoolSpace p) throws IOException {
        g.writeNumberField("size_bytes", p.size());
        g.writeNumberField("live_bytes", p.live());
        g.writeNumberField("retired_bytes", p.retired());
        g.writeNumberField("quarantined_bytes", p.quarantined());
        g.writeNumberField("free_bytes", p.free());
        g.writeNumberField("granted_bytes", p.granted());
        g.writeNumberField("orphaned_bytes", p.orphaned());
    }
}
