package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.omf.FamfsVersion;
import io.arrowfamfs.famfs.omf.Superblock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "mkfs", description = "Create an emulated famfs device; this node becomes its master.")
final class MkfsCommand implements Callable<Integer> {
    @Mixin DeviceOptions device;
    @Spec CommandSpec spec;

    @Option(names = "--size", required = true, converter = Sizes.class, paramLabel = "SIZE",
            description = "device size, e.g. 512M or 4G (at least 64M)")
    long size;

    @Option(names = "--force", description = "overwrite an existing file or famfs device")
    boolean force;

    @Option(names = "--famfs-version", paramLabel = "N", defaultValue = "48",
            description = "famfs metadata version to write: 48 (current famfs) or 47")
    long version;

    @Option(names = "--log-size", converter = Sizes.class, paramLabel = "SIZE", defaultValue = "8M",
            description = "log size: a power of two, at least 8M (default: 8M, 15420 entries)")
    long logSize;

    @Override
    public Integer call() {
        MkfsOptions options = MkfsOptions.of(size, device.node()).withVersion(FamfsVersion.of(version))
                .withForce(force).withLogLength(logSize);
        Superblock sb = Mkfs.format(device.device(), options);
        if (size < Mkfs.FAMFS_MIN_SIZE) {
            spec.commandLine().getErr().println("arrow-famfs: warning: " + Sizes.human(size)
                    + " is below famfs's own mkfs minimum of 4 GiB; famfs's tools will accept the image but not make one");
        }
        spec.commandLine().getOut().printf("created %s: famfs v%d, %s, fs uuid %s, master %s%n", device.device(),
                sb.version().tsVersion(), Sizes.human(size), sb.fsUuid(), sb.systemUuid());
        return 0;
    }
}
