package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.InvalidOptionException;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code -d/--device} and {@code --node-id}, shared by every verb that touches a device. */
public final class DeviceOptions {
    static final String DEVICE_ENV = "ARROW_FAMFS_DEVICE";
    static final String DEFAULT_DEVICE = "/dev/shm/arrow-famfs.img";

    @Option(
            names = {"-d", "--device"},
            paramLabel = "PATH",
            description = "famfs device: an emulated device file, a DAX device or a famfs mount (default: $"
                    + DEVICE_ENV + ", else " + DEFAULT_DEVICE + ")")
    Path device;

    @Option(
            names = "--node-id",
            paramLabel = "UUID",
            converter = NodeIds.class,
            description = "this node's identity (default: $" + NodeId.ENV + ", else /opt/famfs/system_uuid, else one"
                    + " derived from /etc/machine-id)")
    NodeId nodeId;

    /** {@code --node-id}: a UUID, else a usage error. */
    static final class NodeIds implements ITypeConverter<NodeId> {
        @Override
        public NodeId convert(String value) {
            try {
                return NodeId.resolve(value);
            } catch (InvalidOptionException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Creates the options with nothing set: the device and node come from the environment. */
    public DeviceOptions() {}

    /** The device path: the option, else ${@value #DEVICE_ENV}, else the default. */
    public Path device() {
        if (device != null) {
            return device;
        }
        String fromEnv = System.getenv(DEVICE_ENV);
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_DEVICE);
    }

    /**
     * The device path, once it is known to exist; else a failure that says how to make one (mkfs)
     * or name another (-d, ${@value #DEVICE_ENV}).
     */
    public Path existingDevice() {
        Path path = device();
        if (!Files.exists(path)) {
            throw new CliFailure(
                    "open failed: device=" + path,
                    "no such file (create it with 'arrow-famfs mkfs"
                            + (device == null ? "" : " -d " + path) + " --size 4G', or point -d/--device or $"
                            + DEVICE_ENV
                            + " at an existing device)");
        }
        return path;
    }

    /** This node's identity: the option's, else resolved from the environment as {@link NodeId#resolve} does. */
    public NodeId node() {
        return nodeId != null ? nodeId : NodeId.resolve(null);
    }

    /** Opens the device as this node; fails with a hint when there is no device at the path. */
    public Volume open() {
        return Volume.open(existingDevice(), VolumeOptions.of(node()));
    }
}
