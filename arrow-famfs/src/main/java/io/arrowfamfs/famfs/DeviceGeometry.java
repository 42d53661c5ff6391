package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.omf.CorruptMetadataException;
import io.arrowfamfs.famfs.omf.Superblock;
import io.arrowfamfs.famfs.omf.SuperblockDescriptor;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;

/** Reads and checks the superblock of an emulated device against the device file's real size. */
final class DeviceGeometry {
    private DeviceGeometry() {}

    /**
     * Refuses a device that is not a regular file (an emulated device), the only kind this build
     * opens; {@code hint} says what the user can do instead.
     */
    static void requireRegularFile(NativeFile device, String hint) {
        if (!device.isRegularFile()) {
            throw new UnsupportedDeviceException("unsupported device: path=" + device.path()
                    + " actual=not a regular file expected=a regular file (an emulated famfs device); hint: " + hint);
        }
    }

    /**
     * The device's validated superblock. Refuses anything that is not a regular file at least as
     * large as the superblock says, so no later mapping can reach past the end of the file.
     */
    static Superblock readSuperblock(NativeFile device, CachePolicy policy) {
        requireRegularFile(device, "DAX character devices and famfs mounts are not supported yet");
        long size = device.size();
        if (size < SuperblockDescriptor.REGION_SIZE) {
            throw new CorruptMetadataException("not a famfs device: path=" + device.path() + " size=" + size
                    + " is smaller than the superblock region (" + SuperblockDescriptor.REGION_SIZE + " bytes)");
        }
        byte[] bytes;
        try (MappedRegion region = device.map(0, SuperblockDescriptor.SIZE, false)) {
            region.invalidate(0, SuperblockDescriptor.SIZE, policy);
            bytes = region.copyOf(0, SuperblockDescriptor.SIZE);
        }
        Superblock superblock = Superblock.decode(bytes);
        if (size < superblock.deviceSize()) {
            throw new CorruptMetadataException("device truncated: path=" + device.path() + " file_size=" + size
                    + " dd_size=" + superblock.deviceSize());
        }
        return superblock;
    }
}
