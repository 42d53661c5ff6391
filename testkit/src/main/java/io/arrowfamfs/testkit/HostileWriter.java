package io.arrowfamfs.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Changes bytes of a device file behind the library's back, as a hostile or broken writer on
 * another host would: straight into the file, with no famfs entry, no commit and no cache
 * write-back protocol. Emulated devices are plain files, so this is what such a writer does.
 */
public final class HostileWriter {
    private HostileWriter() {}

    /**
     * Finds the first 8-byte-aligned occurrence of {@code value} (little-endian, as Arrow stores
     * a 64-bit integer) in {@code device} and replaces it with {@code replacement}.
     *
     * @param device the device file
     * @param value the 64-bit value to find, for example a marker a test wrote into one batch
     * @param replacement what to write in its place
     * @return the device offset written
     * @throws IllegalStateException if the value is not in the file
     */
    public static long replaceLong(Path device, long value, long replacement) throws IOException {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (long base = 0; base < channel.size(); base += chunk.capacity()) {
                chunk.clear();
                channel.read(chunk, base);
                for (int at = 0; at + 8 <= chunk.position(); at += 8) {
                    if (chunk.getLong(at) == value) {
                        ByteBuffer out = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                        out.putLong(0, replacement);
                        channel.write(out, base + at);
                        channel.force(false);
                        return base + at;
                    }
                }
            }
        }
        throw new IllegalStateException("value not found in device: device=" + device + " value=" + value);
    }
}
