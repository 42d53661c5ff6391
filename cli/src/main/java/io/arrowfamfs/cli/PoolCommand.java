package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.GrantView;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.space.Pool;
import java.io.PrintWriter;
import java.util.UUID;
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
        subcommands = {HelpCommand.class, PoolCommand.Create.class, PoolCommand.Grant.class})
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

    @Command(
            name = "grant",
            description = {
                "Grant SIZE of pool space to a client node ahead of its first publish (master only), and",
                "make its outbox: the node then publishes without waiting for a grant. A node that asks",
                "for space on its own gets it from the master's agent."
            },
            footer = "  arrow-famfs pool grant --node 7c9e6679-7425-40de-944b-e07fc1f90ae7 --size 1G")
    static final class Grant implements Callable<Integer> {
        @Mixin
        DeviceOptions device;

        @Spec
        CommandSpec spec;

        @Option(names = "--node", required = true, paramLabel = "UUID", description = "the client node")
        UUID node;

        @Option(
                names = "--size",
                required = true,
                converter = Sizes.class,
                paramLabel = "SIZE",
                description = "the space, rounded up to whole 2 MiB units, e.g. 1G")
        long size;

        @Override
        public Integer call() {
            try (Tables tables = new Tables(device)) {
                GrantView grant = tables.catalog.grant(node, size);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "granted %s to node %s: pool %d at %d (grant %d)%n",
                                Sizes.human(grant.grant().range().length()),
                                node,
                                grant.grant().range().pool(),
                                grant.grant().range().offset(),
                                grant.grant().id());
            }
            return 0;
        }
    }
}
