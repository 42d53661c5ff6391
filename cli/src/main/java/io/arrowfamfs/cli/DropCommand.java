package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.space.SpaceReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "drop",
        description = {
            "Drop TABLE (master only): one atomic commit; readers that hold its frames keep them.",
            "Its frames are retired: their space is held while any host may still read them, then spends",
            "the quarantine, then is reused; the master's agent does that on its own (see gc, hosts)."
        },
        footer = "  arrow-famfs drop flights")
final class DropCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TABLE", description = "the table to drop")
    String table;

    @Override
    public Integer call() {
        try (Tables tables = new Tables(device)) {
            TableState dropped = tables.catalog.snapshot().require(table);
            tables.catalog.drop(table);
            CatalogSnapshot after = tables.catalog.snapshot();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "dropped %s: %d frames, %,d rows, %s; catalog version %d%n",
                    table, dropped.frames().size(), dropped.rows(), Sizes.human(dropped.bytes()), after.version());
            SpaceReport.PoolSpace total = tables.catalog.space().total();
            out.printf(
                    "its space is reused once no host reads it and the quarantine of %s has passed"
                            + " (%s retired, %s in quarantine on this device)%n",
                    Durations.format(tables.catalog.settings().quarantine()),
                    Sizes.human(total.retired()),
                    Sizes.human(total.quarantined()));
        }
        return 0;
    }
}
