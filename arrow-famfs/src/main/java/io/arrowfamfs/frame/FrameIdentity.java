package io.arrowfamfs.frame;

import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * What makes two attachments in one process the same frame, so that a batch checked once is not
 * hashed again ({@link VerifyMode#FIRST_USE}): the device file, the famfs filesystem on it, and
 * the frame's famfs path.
 *
 * <p><b>Why this is enough today.</b> famfs never frees, truncates, renames or rewrites a file,
 * and a published frame's bytes are written once, before the commit that names it. A path can
 * therefore only name other bytes after a new {@code mkfs}, which gives the device a new
 * filesystem UUID; a copy of a device under another name is another device. When frames move
 * into pools whose ranges are reused (SPACE.md), a range's generation joins this key.
 *
 * @param device the device file the volume was opened from, made absolute and normalised
 * @param filesystem the famfs filesystem UUID of the device's superblock (new at every mkfs)
 * @param path the frame's famfs path
 */
public record FrameIdentity(Path device, UUID filesystem, String path) {
    /**
     * An identity, the device path made absolute and normalised.
     *
     * @param device the device file
     * @param filesystem the filesystem UUID of its superblock
     * @param path the frame's famfs path
     */
    public FrameIdentity {
        device = device.toAbsolutePath().normalize();
        Objects.requireNonNull(filesystem, "filesystem");
        Objects.requireNonNull(path, "path");
    }
}
