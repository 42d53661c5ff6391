package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.LegacyCatalogFile.Contents;
import io.arrowfamfs.catalog.LegacyCatalogFile.LegacyFrame;
import io.arrowfamfs.catalog.LegacyCatalogFile.LegacyTable;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.nativeio.MappedRegion;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Converts a format-1 catalog (one famfs file per frame) into this format: every live table is
 * created again and each of its frames copied, byte for byte, into pool space after its batches
 * pass their CRC32C; a last record marks the migration done. Until then readers are refused with
 * the typed error that names this step. Resumable: a migration killed half-way, run again, skips
 * the frames already copied (each table's frames are appended in order). The format-1 files stay
 * where they are, since famfs has no delete; {@code fsck} reports their bytes.
 */
public final class LegacyMigration {
    private LegacyMigration() {}

    /**
     * What a migration did.
     *
     * @param tables tables in the format-1 catalog
     * @param framesCopied frames copied by this run
     * @param bytesCopied bytes copied by this run
     * @param legacyCommits the format-1 catalog's commit count
     */
    public record Result(int tables, int framesCopied, long bytesCopied, long legacyCommits) {}

    /**
     * {@return true if {@code volume} holds a format-1 catalog not yet (or not completely) migrated}
     *
     * @param volume an open volume
     */
    public static boolean needed(Volume volume) {
        if (!LegacyCatalogFile.exists(volume.refresh())) {
            return false;
        }
        try (Catalog catalog = Catalog.openForMigration(volume)) {
            return catalog.migratedFrom().isEmpty();
        }
    }

    /**
     * Migrates {@code volume}'s format-1 catalog. Master only.
     *
     * @param volume the open volume, on the master
     * @param allocator the allocator frames are mapped with while they are checked and copied
     * @return what was done; a volume already migrated copies nothing
     * @throws IllegalStateException if the volume has no format-1 catalog
     * @throws io.arrowfamfs.frame.CorruptFrameException if a frame fails its checks: nothing of
     *     that frame is published, and the migration can be run again once it is repaired
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public static Result migrate(Volume volume, BufferAllocator allocator) {
        if (!LegacyCatalogFile.exists(volume.refresh())) {
            throw new IllegalStateException("nothing to migrate: device=" + volume.path()
                    + " has no format-1 catalog at " + LegacyCatalogDescriptor.CATALOG_PATH);
        }
        Contents contents = LegacyCatalogFile.read(volume);
        int copied = 0;
        long bytes = 0;
        try (Catalog catalog = Catalog.openForMigration(volume)) {
            if (catalog.migratedFrom().isPresent()) {
                return new Result(contents.tables().size(), 0, 0, contents.commits());
            }
            for (LegacyTable table : contents.tables()) {
                Optional<TableState> done = catalog.snapshot().table(table.name());
                if (done.isEmpty()) {
                    catalog.createTable(table.name(), legacySchema(volume, table, allocator));
                }
                int skip = done.map(t -> t.frames().size()).orElse(0);
                for (LegacyFrame frame :
                        table.frames().subList(skip, table.frames().size())) {
                    bytes += copy(volume, catalog, table.name(), frame, allocator);
                    copied++;
                }
            }
            catalog.markMigrated(contents.commits());
        }
        return new Result(contents.tables().size(), copied, bytes, contents.commits());
    }

    private static Schema legacySchema(Volume volume, LegacyTable table, BufferAllocator allocator) {
        try (MappedRegion region = mapped(volume, volume.namespace().file(table.schemaPath()));
                Frame schemaFrame = Frame.attach(table.schemaPath(), region, allocator)) {
            return schemaFrame.schema();
        }
    }

    /** A format-1 file mapped and invalidated whole, before anything of it is read: it is read whole. */
    private static MappedRegion mapped(Volume volume, FamfsFile file) {
        MappedRegion region = volume.map(file, false);
        region.invalidate(0, region.length(), volume.cachePolicy());
        return region;
    }

    private static long copy(
            Volume volume, Catalog catalog, String table, LegacyFrame frame, BufferAllocator allocator) {
        FamfsFile file = volume.namespace().file(frame.path());
        try (MappedRegion region = mapped(volume, file);
                Frame source = Frame.attach(frame.path(), region, allocator)) {
            source.verify();
            CatalogWriter.FrameShape shape =
                    new CatalogWriter.FrameShape(source.schema(), file.size(), source.rows(), source.batchCount());
            catalog.appendCopy(table, shape, allocator, target -> {
                byte[] buffer = new byte[1 << 20];
                for (long at = 0; at < file.size(); at += buffer.length) {
                    int n = (int) Math.min(buffer.length, file.size() - at);
                    region.getBytes(at, buffer, 0, n);
                    target.putBytes(at, buffer, 0, n);
                }
            });
            return file.size();
        }
    }
}
