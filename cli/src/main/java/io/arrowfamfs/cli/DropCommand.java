package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.TableState;
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
            "Forget TABLE (master only): one atomic commit; readers that hold its frames keep" + " them.",
            "famfs has no delete yet: the frames stay allocated and are reported as unreclaimable until the"
                    + " pool work lands."
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
            out.printf(
                    "famfs cannot give the space back until the pool work lands: %s on this device is held by"
                            + " dropped tables%n",
                    Sizes.human(after.unreclaimableBytes()));
        }
        return 0;
    }
}
