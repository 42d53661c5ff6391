package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A writer "host" for kill tests: {@code DEVICE NODE TABLE FRAMES ROWS} appends FRAMES frames of
 * ROWS sorted ids each to TABLE (created if missing), printing "committed N" after each commit.
 */
public final class TableWriterProcess {
    public static void main(String[] args) {
        Path device = Path.of(args[0]);
        NodeId node = new NodeId(UUID.fromString(args[1]), "test");
        String table = args[2];
        int frames = Integer.parseInt(args[3]);
        int rows = Integer.parseInt(args[4]);
        try (BufferAllocator allocator = new RootAllocator();
                Volume volume = Volume.open(device, VolumeOptions.of(node));
                Catalog catalog = Catalog.open(volume);
                VectorSchemaRoot root = root(allocator)) {
            if (catalog.snapshot().table(table).isEmpty()) {
                catalog.createTable(table, root.getSchema());
            }
            for (int f = 0; f < frames; f++) {
                long base = catalog.refresh().require(table).rows();
                fill(root, base, rows);
                try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                    frame.add(root);
                    catalog.append(table, frame, allocator);
                }
                System.out.println("committed " + catalog.snapshot().version());
                System.out.flush();
            }
        }
    }

    static VectorSchemaRoot root(BufferAllocator allocator) {
        return VectorSchemaRoot.of(new BigIntVector("id", allocator));
    }

    /** ids base .. base+rows-1: a table's ids are 0..n-1 exactly when no frame is partial or lost. */
    static void fill(VectorSchemaRoot root, long base, int rows) {
        BigIntVector id = (BigIntVector) root.getVector("id");
        id.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            id.set(i, base + i);
        }
        root.setRowCount(rows);
    }
}
