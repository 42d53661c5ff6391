package io.arrowfamfs.hosts;

import io.arrowfamfs.famfs.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Who a host is in the host table: its node UUID and the boot it is running, so that the master
 * tells a rebooted host (whose readers all died with the boot) from a live one.
 *
 * @param host the host's UUID: the volume's node id
 * @param bootId the kernel's boot id ({@code /proc/sys/kernel/random/boot_id}): new at every boot
 */
public record HostIdentity(UUID host, UUID bootId) {
    /** Where Linux publishes the boot id. */
    public static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /**
     * Checks neither is null.
     *
     * @param host the host's UUID
     * @param bootId the boot id
     */
    public HostIdentity {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bootId, "bootId");
    }

    /**
     * This host, booted as the kernel says.
     *
     * @param node the node id the volume was opened with
     * @return the identity with the current boot id
     * @throws UncheckedIOException if {@link #BOOT_ID} cannot be read
     */
    public static HostIdentity of(NodeId node) {
        try {
            return new HostIdentity(
                    node.uuid(),
                    UUID.fromString(
                            Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read boot id: file=" + BOOT_ID + " error=" + e, e);
        }
    }

    @Override
    public String toString() {
        return host + " (boot " + bootId + ")";
    }
}
