package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.nativeio.MappedRegion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Maps committed frames and attaches them zero-copy, and caches table schemas by schema-frame
 * path (a path is written once and never changes). Thread-safe; takes no lock of the catalog's.
 */
final class FrameAccess {
    private final Volume volume;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    FrameAccess(Volume volume) {
        this.volume = volume;
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
            return Frame.attach(path, mapped, mappingAllocator);
        }
    }
}
