package io.arrowfamfs.examples;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A master publishes a table of one million ids; a client node waits for the commit and reads
 * the frame zero-copy. Run: {@code java <JVM flags from the README> -cp ... PublishAndAttach [DEVICE]}.
 */
public final class PublishAndAttach {
    public static void main(String[] args) throws Exception {
        Path device = Path.of(args.length > 0 ? args[0] : "/dev/shm/arrow-famfs-example.img");
        NodeId master = new NodeId(UUID.randomUUID(), "example");
        Files.deleteIfExists(device);
        Mkfs.format(device, MkfsOptions.of(256L << 20, master));
        try (BufferAllocator allocator = new RootAllocator()) {
            try (Volume volume = Volume.open(device, VolumeOptions.of(master));
                    Catalog catalog = Catalog.open(volume);
                    BigIntVector id = new BigIntVector("id", allocator);
                    VectorSchemaRoot root = VectorSchemaRoot.of(id);
                    FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                id.allocateNew(1_000_000);
                for (int i = 0; i < 1_000_000; i++) {
                    id.set(i, i);
                }
                root.setRowCount(1_000_000);
                frame.add(root);
                catalog.createOrAppend("ids", frame, allocator);
            }
            NodeId client = new NodeId(UUID.randomUUID(), "example");
            try (Volume volume = Volume.open(device, VolumeOptions.of(client));
                    Catalog catalog = Catalog.open(volume)) {
                TableState ids = catalog.awaitChange(0, Duration.ofSeconds(10)).require("ids");
                try (Frame frame = catalog.attach(ids.frames().get(0), allocator, false);
                        VectorSchemaRoot batch = frame.batch(0)) {
                    BigIntVector id = (BigIntVector) batch.getVector("id");
                    System.out.printf(
                            "client %s attached %s: %,d rows, last id %d, read from shared memory%n",
                            client, ids.name(), frame.rows(), id.get(batch.getRowCount() - 1));
                }
            }
        } finally {
            Files.deleteIfExists(device);
        }
    }
}
