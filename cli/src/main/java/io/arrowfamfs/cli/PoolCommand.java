package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.space.Pool;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "pool",
        description = "Pools: the large famfs files frames are packed into.",
        subcommands = {HelpCommand.class, PoolCommand.Create.class})
final class PoolCommand {
    @Command(
            name = "create",
            description = {
                "Create a pool of SIZE now (master only), instead of when a publish first needs one.",
                "One famfs file and one log entry, whatever the number of frames it will hold."
            },
            footer = {"  arrow-famfs pool create --size 16G", "  arrow-famfs pool create --size 64G --stripes 4"})
    static final class Create implements Callable<Integer> {
        @Mixin
        DeviceOptions device;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--size",
                required = true,
                converter = Sizes.class,
                paramLabel = "SIZE",
                description = "the pool's size, rounded up to whole 2 MiB units, e.g. 1G")
        long size;

        @Option(
                names = "--stripes",
                paramLabel = "N",
                description = "stripe the pool across N of the device's buckets (famfs's interleave), 1 to 16")
        int stripes;

        @Option(
                names = "--buckets",
                paramLabel = "B",
                description = "the buckets the device is divided into for striping (default: N)")
        int buckets;

        @Option(
                names = "--chunk",
                converter = Sizes.class,
                paramLabel = "SIZE",
                defaultValue = "2M",
                description = "bytes written to one stripe before the next (default: ${DEFAULT-VALUE})")
        long chunk;

        @Override
        public Integer call() {
            Placement placement = stripes == 0
                    ? Placement.PACKED
                    : new Placement.Striped(buckets == 0 ? stripes : buckets, stripes, chunk);
            try (Tables tables = new Tables(device)) {
                Pool pool = tables.catalog.createPool(size, placement);
                PrintWriter out = spec.commandLine().getOut();
                out.printf(
                        "created pool %d: %s, %s (%d units of %s)%n",
                        pool.id(),
                        pool.relpath(),
                        Sizes.human(pool.size()),
                        pool.units(),
                        Sizes.human(pool.unitSize()));
            }
            return 0;
        }
    }
}
