package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameIdentity;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.nativeio.MappedRegion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Maps committed frames and attaches them zero-copy, and caches table schemas by schema-frame
 * path (a path is written once and never changes). Frames are attached as the device, its
 * filesystem and their path identify them ({@link FrameIdentity}), with the catalog's
 * {@link VerifyMode} and the volume's cache policy, so each batch is checked once per process.
 * Thread-safe; takes no lock of the catalog's.
 */
final class FrameAccess {
    private final Volume volume;
    private final VerifyMode verify;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    FrameAccess(Volume volume, VerifyMode verify) {
        this.volume = volume;
        this.verify = verify;
    }

    /** How frames attached here check their batches. */
    VerifyMode verify() {
        return verify;
    }

    /** The table's schema, read once from the schema-only frame written when it was created. */
    Schema schema(TableState table, BufferAllocator mappingAllocator) {
        return schemas.computeIfAbsent(table.schemaPath(), path -> {
            try (Frame frame = attach(path, mappingAllocator, false)) {
                return frame.schema();
            }
        });
    }

    /** Attaches the frame in famfs file {@code path}; the caller closes it. */
    Frame attach(String path, BufferAllocator mappingAllocator, boolean populate) {
        try (MappedRegion mapped = volume.map(volume.namespace().file(path), populate)) {
            FrameIdentity identity = new FrameIdentity(volume.path(), volume.filesystemUuid(), path);
            return Frame.attach(identity, mapped, mappingAllocator, verify, volume.cachePolicy());
        }
    }
}
