package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameIdentity;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.PoolMappings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Attaches committed frames zero-copy from slices of the pools, mapped once per process, and
 * caches table schemas by schema-frame location (a location with its generation is written once
 * and never changes). Frames are attached as the device, its filesystem and their location name
 * them ({@link FrameIdentity}), with the catalog's {@link VerifyMode} and the volume's cache
 * policy, so each batch is checked once while the frame is attached in the process.
 * Thread-safe; takes no lock of the catalog's.
 */
final class FrameAccess implements AutoCloseable {
    private final Volume volume;
    private final VerifyMode verify;
    private final PoolMappings pools;
    private final Map<FrameLocation, Schema> schemas = new ConcurrentHashMap<>();

    FrameAccess(Volume volume, VerifyMode verify) {
        this.volume = volume;
        this.verify = verify;
        this.pools = new PoolMappings(volume);
    }

    /** How frames attached here check their batches. */
    VerifyMode verify() {
        return verify;
    }

    /** The process's pool mappings, shared with the writer. */
    PoolMappings pools() {
        return pools;
    }

    /**
     * The table's schema, read once from the schema-only frame written when it was created,
     * under a hold {@code pin} takes on it.
     */
    Schema schema(
            TableState table,
            Pool pool,
            BufferAllocator mappingAllocator,
            Function<FrameLocation, ReaderPins.Hold> pin) {
        return schemas.computeIfAbsent(table.schema(), location -> {
            ReaderPins.Hold hold = pin.apply(location);
            try (Frame frame = attach(location, pool, mappingAllocator, false, hold)) {
                frame.guard().check(); // the footer was read under the pin: was the lease still good?
                return frame.schema();
            } finally {
                hold.run();
            }
        });
    }

    /**
     * Attaches the frame at {@code location}, in {@code pool}, guarded by {@code hold}, which
     * its mapping releases when its last reference goes; the caller closes the frame.
     */
    Frame attach(
            FrameLocation location,
            Pool pool,
            BufferAllocator mappingAllocator,
            boolean populate,
            ReaderPins.Hold hold) {
        try (MappedRegion slice = pools.slice(pool, location.extent(), hold)) {
            if (populate) {
                slice.prefault(0, slice.length());
            }
            FrameIdentity identity = new FrameIdentity(volume.path(), volume.filesystemUuid(), location.name());
            return Frame.attach(identity, slice, mappingAllocator, verify, volume.cachePolicy(), hold);
        }
    }

    @Override
    public void close() {
        pools.close();
    }
}
