package io.arrowfamfs.frame;

import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * What makes two attachments in one process the same frame, so that a batch checked once is not
 * hashed again ({@link VerifyMode#FIRST_USE}): the device file, the famfs filesystem on it, and
 * the frame's name there (for a frame in a pool: pool, offset and the generation of its units).
 *
 * <p><b>Why this is enough.</b> A published frame's bytes are written once, before the commit
 * that names it, and a pool's range holds other bytes only after its units are freed and granted
 * again, one generation up: a new name. A name can otherwise only mean other bytes after a new
 * {@code mkfs}, which gives the device a new filesystem UUID; a copy of a device under another
 * name is another device.
 *
 * @param device the device file the volume was opened from, made absolute and normalised
 * @param filesystem the famfs filesystem UUID of the device's superblock (new at every mkfs)
 * @param path the frame's name on the volume ({@code pool0003@4194304.g1}), or a famfs path
 */
public record FrameIdentity(Path device, UUID filesystem, String path) {
    /**
     * An identity, the device path made absolute and normalised.
     *
     * @param device the device file
     * @param filesystem the filesystem UUID of its superblock
     * @param path the frame's name on the volume, or a famfs path
     */
    public FrameIdentity {
        device = device.toAbsolutePath().normalize();
        Objects.requireNonNull(filesystem, "filesystem");
        Objects.requireNonNull(path, "path");
    }
}
