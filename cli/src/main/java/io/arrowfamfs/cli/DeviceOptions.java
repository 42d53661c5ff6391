package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -d/--device} and {@code --node-id}, shared by every verb. */
public final class DeviceOptions {
    static final String DEVICE_ENV = "ARROW_FAMFS_DEVICE";
    static final String DEFAULT_DEVICE = "/dev/shm/arrow-famfs.img";

    @Option(names = {"-d", "--device"}, paramLabel = "PATH",
            description = "famfs device (default: $" + DEVICE_ENV + ", else " + DEFAULT_DEVICE + ")")
    Path device;

    @Option(names = "--node-id", paramLabel = "UUID",
            description = "this node's identity (default: $" + NodeId.ENV + ", /opt/famfs/system_uuid, machine id)")
    String nodeId;

    /** The device path: the option, else ${@value #DEVICE_ENV}, else the default. */
    public Path device() {
        if (device != null) {
            return device;
        }
        String fromEnv = System.getenv(DEVICE_ENV);
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_DEVICE);
    }

    /** This node's identity, resolved as {@link NodeId#resolve} does. */
    public NodeId node() {
        return NodeId.resolve(nodeId);
    }

    /** Opens the device as this node. */
    public Volume open() {
        return Volume.open(device(), VolumeOptions.of(node()));
    }
}
