package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A writer "host" whose copy the test controls: {@code DEVICE NODE TABLE ROWS GATE} appends one
 * frame of ROWS ids to TABLE (created if missing). Once the frame's famfs file is allocated it
 * prints "copying" and waits, with no lock held, until the file GATE exists; then it copies,
 * commits and prints "committed N".
 */
public final class SlowAppendProcess {
    public static void main(String[] args) {
        Path device = Path.of(args[0]);
        NodeId node = new NodeId(UUID.fromString(args[1]), "test");
        String table = args[2];
        int rows = Integer.parseInt(args[3]);
        Path gate = Path.of(args[4]);
        try (BufferAllocator allocator = new RootAllocator();
                Volume volume = Volume.open(device, VolumeOptions.of(node));
                Catalog catalog = Catalog.open(volume);
                VectorSchemaRoot root = TableWriterProcess.root(allocator);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            if (catalog.snapshot().table(table).isEmpty()) {
                catalog.createTable(table, root.getSchema());
            }
            TableWriterProcess.fill(root, catalog.refresh().require(table).rows(), rows);
            frame.add(root);
            catalog.append(table, frame, allocator, (region, policy) -> {
                System.out.println("copying");
                System.out.flush();
                while (!Files.exists(gate)) {
                    LockSupport.parkNanos(5_000_000);
                }
                return frame.writeTo(region, policy).length();
            });
            System.out.println("committed " + catalog.snapshot().version());
        }
    }
}
