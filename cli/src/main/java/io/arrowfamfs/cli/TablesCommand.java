package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.space.SpaceReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "tables",
        description = "Tables with their frames, rows, bytes and version.",
        footer = "  arrow-famfs tables --watch")
final class TablesCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--json",
            description = "print a JSON array of {name, version, frames, rows, bytes} instead of text")
    boolean json;

    @Option(names = "--watch", description = "print again after every commit, until interrupted")
    boolean watch;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Tables tables = new Tables(device)) {
            CatalogSnapshot snapshot = tables.catalog.snapshot();
            print(out, snapshot, tables.catalog.space());
            while (watch) {
                CatalogSnapshot next = tables.catalog.awaitChange(snapshot.version(), Duration.ofSeconds(1));
                if (next.version() != snapshot.version()) {
                    snapshot = next;
                    print(out, snapshot, tables.catalog.space());
                }
            }
        }
        return 0;
    }

    private void print(PrintWriter out, CatalogSnapshot snapshot, SpaceReport space) {
        if (json) {
            try (Json j = new Json(out)) {
                j.write(g -> {
                    g.writeStartArray();
                    for (TableState table : snapshot.tables().values()) {
                        g.writeStartObject();
                        g.writeStringField("name", table.name());
                        g.writeNumberField("version", table.version());
                        g.writeNumberField("frames", table.frames().size());
                        g.writeNumberField("rows", table.rows());
                        g.writeNumberField("bytes", table.bytes());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                });
            }
            return;
        }
        out.printf("%-24s %8s %7s %14s %12s%n", "table", "version", "frames", "rows", "bytes");
        for (TableState table : snapshot.tables().values()) {
            out.printf(
                    "%-24s %8d %7d %,14d %12s%n",
                    table.name(), table.version(), table.frames().size(), table.rows(), Sizes.human(table.bytes()));
        }
        out.printf("catalog version %d%n", snapshot.version());
        SpaceLines.print(out, space);
        out.flush();
    }
}
