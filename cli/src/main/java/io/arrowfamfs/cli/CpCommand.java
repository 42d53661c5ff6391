package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "cp",
        description = {
            "Copy a local file into famfs: allocate, copy, flush, then log it (master only).",
            "-B, -N and -C together interleave the file across buckets of the device, as famfs cp does."
        },
        footer = "  arrow-famfs cp -B 8 -N 4 -C 2M big.file data/big")
final class CpCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-m", "--mode"},
            paramLabel = "MODE",
            defaultValue = "0644",
            converter = Modes.class,
            description = "octal permission bits (default: ${DEFAULT-VALUE})")
    int mode;

    @ArgGroup(exclusive = false)
    Striping striping;

    @Parameters(index = "0", paramLabel = "LOCAL_FILE", description = "the file to copy")
    Path source;

    @Parameters(index = "1", paramLabel = "PATH", description = "the new famfs file, relative to the root")
    String path;

    /** famfs's strided-allocation flags (-B/-N/-C). */
    static final class Striping {
        @Option(
                names = {"-B", "--buckets"},
                required = true,
                paramLabel = "N",
                description = "buckets the device is cut into (<= 64)")
        int buckets;

        @Option(
                names = {"-N", "--strips"},
                required = true,
                paramLabel = "N",
                description = "strips per file (<= buckets, <= 16)")
        int strips;

        @Option(
                names = {"-C", "--chunk"},
                required = true,
                converter = Sizes.class,
                paramLabel = "SIZE",
                description = "chunk size: a power of two multiple of 2M")
        long chunk;
    }

    @Override
    public Integer call() {
        Placement placement = striping == null
                ? Placement.PACKED
                : new Placement.Striped(striping.buckets, striping.strips, striping.chunk);
        try (Volume volume = device.open()) {
            FamfsFile file = volume.copyIn(source, path, mode, placement);
            spec.commandLine().getOut().printf("%s -> %s (%d bytes)%n", source, file.relpath(), file.size());
        }
        return 0;
    }
}
