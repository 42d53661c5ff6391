package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.CatalogRecord.CloseGrant;
import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.Grant;
import io.arrowfamfs.space.PoolMappings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Keeps the ring from overwriting records no checkpoint covers: before a commit that would take
 * the ring past half full since the last checkpoint, writes the state as a checkpoint into pool
 * space and publishes its root. The steps, all under the log lock:
 * <ol>
 *   <li>grant the checkpoint writer units for the body (a commit);
 *   <li>encode the state as records ({@link Checkpoint}), copy them into the grant, write them
 *       back (and msync them on a disk device);
 *   <li>write the root into the line the current root is not in, and write it back: from now on
 *       a new reader loads this checkpoint;
 *   <li>close the previous checkpoint's grant (a commit): its units are free again.
 * </ol>
 * A writer killed before step 3 leaves the old root current and a grant no root names
 * (orphaned space); after it, an old grant still open. Neither loses anything. A reader that
 * copied the old body while its units were reused sees the root change, or the CRC fail, and
 * loads again.
 */
final class CheckpointWriter {
    private static final String NAME = "catalog checkpoint";
    /**
     * Records the checkpoint's own grant may add to the count taken before it: its open grant,
     * and the unit runs it splits.
     */
    private static final int GRANT_SLACK = 8;
    /** Records encoded into one buffer and copied into the body with one call: 64 KiB. */
    private static final int CHUNK_RECORDS = 128;

    private final Volume volume;
    private final Catalog catalog;
    private final PoolMappings pools;
    private final WriterSpace space;
    private boolean writing;

    CheckpointWriter(Volume volume, Catalog catalog, PoolMappings pools, WriterSpace space) {
        this.volume = volume;
        this.catalog = catalog;
        this.pools = pools;
        this.space = space;
    }

    /** Under the log lock, with the state current: checkpoints first if {@code records} more would need it. */
    void beforeCommit(int records) {
        long slots = catalog.slots();
        if (records > slots / 4) {
            throw new CatalogFullException("commit too large for the catalog ring: records=" + records + " max="
                    + slots / 4 + "; hint: publish in several commits");
        }
        if (writing) {
            return;
        }
        Optional<CheckpointRoot> root = catalog.root();
        long base = root.map(CheckpointRoot::base).orElse(0L);
        if (catalog.snapshot().version() + records - base <= slots / 2) {
            return;
        }
        writing = true;
        try {
            write(root);
        } finally {
            writing = false;
        }
    }

    private void write(Optional<CheckpointRoot> previous) {
        long estimate = catalog.inState(Checkpoint::count) + GRANT_SLACK;
        long bytes = estimate * CatalogDescriptor.RECORD_SIZE;
        Grant grant = space.grant(WriterSpace.CHECKPOINT_WRITER, NAME, bytes, GrantSpace.NONE, NativeFile.PAGE_SIZE);
        long base = catalog.snapshot().version();
        List<CatalogRecord> records = catalog.inState(Checkpoint::records);
        long length = (long) records.size() * CatalogDescriptor.RECORD_SIZE;
        if (length > grant.range().length()) {
            throw new IllegalStateException("checkpoint outgrew its grant: records=" + records.size() + " granted="
                    + grant.range().length());
        }
        Extent body = new Extent(grant.range().pool(), grant.range().offset(), length);
        CRC32C crc = new CRC32C();
        long time = System.currentTimeMillis() * 1000;
        try (MappedRegion slice = pools.slice(catalog.pool(body.pool()), body)) {
            byte[] chunk = new byte[CHUNK_RECORDS * CatalogDescriptor.RECORD_SIZE];
            for (int first = 0; first < records.size(); first += CHUNK_RECORDS) {
                int n = Math.min(CHUNK_RECORDS, records.size() - first);
                Arrays.fill(chunk, (byte) 0);
                for (int i = 0; i < n; i++) {
                    RecordCodec.encode(
                            first + i, time, records.get(first + i), chunk, i * CatalogDescriptor.RECORD_SIZE);
                }
                int used = n * CatalogDescriptor.RECORD_SIZE;
                slice.putBytes((long) first * CatalogDescriptor.RECORD_SIZE, chunk, 0, used);
                crc.update(chunk, 0, used);
            }
            slice.writeBack(0, length, volume.cachePolicy());
            if (!volume.isMemoryBacked()) {
                slice.sync(0, length);
            }
        }
        long generation = previous.map(CheckpointRoot::generation).orElse(0L) + 1;
        catalog.writeRoot(
                new CheckpointRoot(generation, base, body, records.size(), (int) crc.getValue(), grant.generation()));
        for (Grant old : catalog.inState(s -> s.space.openGrants())) {
            if (old.writer() == WriterSpace.CHECKPOINT_WRITER && old.id() != grant.id()) {
                space.commitRecords(List.of(new CloseGrant(old.id())));
            }
        }
    }
}
