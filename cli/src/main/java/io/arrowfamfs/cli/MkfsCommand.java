package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.InvalidSettingException;
import io.arrowfamfs.catalog.VolumeSettings;
import io.arrowfamfs.famfs.InvalidOptionException;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.omf.FamfsVersion;
import io.arrowfamfs.famfs.omf.Superblock;
import io.arrowfamfs.famfs.omf.UnsupportedVersionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "mkfs",
        description = {
            "Create a famfs device; this node becomes its master, the one node that may write.",
            "Without a DAX device, the device is a file laid out byte for byte like one (an emulated device)."
        },
        footer = "  arrow-famfs mkfs -d /dev/shm/mine.img --size 4G")
final class MkfsCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--size",
            required = true,
            converter = Sizes.class,
            paramLabel = "SIZE",
            description = "device size, e.g. 512M or 4G (at least 64M; famfs's own mkfs makes at least 4G)")
    long size;

    @Option(names = "--force", description = "overwrite an existing file or famfs device: everything on it is lost")
    boolean force;

    @Option(
            names = "--famfs-version",
            paramLabel = "N",
            defaultValue = "48",
            converter = Versions.class,
            description = "famfs metadata version to write: 48 (current famfs) or 47 (default: ${DEFAULT-VALUE})")
    FamfsVersion version;

    @Option(
            names = "--log-size",
            converter = Sizes.class,
            paramLabel = "SIZE",
            defaultValue = "8M",
            description = "log size: a power of two, at least 8M (default: 8M, 15420 entries)")
    long logSize;

    @Option(
            names = "--lease",
            converter = Durations.class,
            paramLabel = "DURATION",
            description = "how long a silent host keeps its slot before the master expels it (default: 5s)")
    Duration lease;

    @Option(
            names = "--grace",
            converter = Durations.class,
            paramLabel = "DURATION",
            description = "how long an expelled host's pins still hold reclamation back (default: 5s)")
    Duration grace;

    @Option(
            names = "--quarantine",
            converter = Durations.class,
            paramLabel = "DURATION",
            description = "how long retired space waits, once no host reads it, before reuse (default: 30s)")
    Duration quarantine;

    /** {@code --famfs-version}: a version arrow-famfs knows, else a usage error. */
    static final class Versions implements ITypeConverter<FamfsVersion> {
        @Override
        public FamfsVersion convert(String value) {
            try {
                return FamfsVersion.of(Long.parseLong(value.trim()));
            } catch (NumberFormatException | UnsupportedVersionException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a famfs version arrow-famfs writes (expected 48 or 47)");
            }
        }
    }

    @Override
    public Integer call() {
        NodeId master = device.node();
        MkfsOptions options;
        try {
            options = MkfsOptions.of(size, master)
                    .withVersion(version)
                    .withForce(force)
                    .withLogLength(logSize);
        } catch (InvalidOptionException e) {
            // --size and --log-size out of range, alone or together: a usage error
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Map<String, Duration> settings = new LinkedHashMap<>();
        Optional.ofNullable(lease).ifPresent(d -> settings.put(VolumeSettings.LEASE, d));
        Optional.ofNullable(grace).ifPresent(d -> settings.put(VolumeSettings.GRACE, d));
        Optional.ofNullable(quarantine).ifPresent(d -> settings.put(VolumeSettings.QUARANTINE, d));
        try {
            VolumeSettings.DEFAULTS.with(settings);
        } catch (InvalidSettingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Superblock sb = Mkfs.format(device.device(), options);
        if (!settings.isEmpty()) {
            try (Tables tables = new Tables(device)) {
                tables.catalog.configure(settings);
            }
        }
        if (size < Mkfs.FAMFS_MIN_SIZE) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "arrow-famfs: warning: " + Sizes.human(size)
                                    + " is below famfs's own mkfs minimum of 4 GiB; famfs's tools will accept the image but not make one");
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "created %s: famfs v%d, %s, fs uuid %s, master %s%n",
                        device.device(), sb.version().tsVersion(), Sizes.human(size), sb.fsUuid(), sb.systemUuid());
        return 0;
    }
}
