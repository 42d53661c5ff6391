package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.hosts.Pins;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A reader on a node of its own that, until its stdin closes, refreshes and reads every frame of
 * every table, checking that each frame is whole (ids consecutive from its first) and that no
 * table lists one frame twice. Prints "bad WHAT" for anything wrong as it finds it, and "passes
 * N" when its stdin closes; args: device, node UUID, pin directory.
 */
public final class ReaderLoopProcess {
    private ReaderLoopProcess() {}

    public static void main(String[] args) throws Exception {
        System.setProperty(Pins.DIRECTORY_PROPERTY, Path.of(args[2]).toString());
        NodeId node = new NodeId(UUID.fromString(args[1]), "reader");
        Thread stop = new Thread(() -> {
            try {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                // stdin gone: stop too
            }
        });
        stop.setDaemon(true);
        stop.start();
        try (BufferAllocator allocator = new RootAllocator();
                Volume volume = Volume.open(Path.of(args[0]), VolumeOptions.of(node));
                Catalog catalog = Catalog.open(volume)) {
            long passes = 0;
            while (stop.isAlive()) {
                passes++;
                CatalogSnapshot snapshot = catalog.refresh();
                for (TableState table : snapshot.tables().values()) {
                    Set<Long> firsts = new HashSet<>();
                    for (FrameRef ref : table.frames()) {
                        try (Frame frame = catalog.attach(ref, allocator, false);
                                VectorSchemaRoot batch = frame.batch(0)) {
                            BigIntVector id = (BigIntVector) batch.getVector("id");
                            for (int i = 1; i < batch.getRowCount(); i++) {
                                if (id.get(i) != id.get(0) + i) {
                                    say("bad frame not whole: table=" + table.name() + " "
                                            + ref.location().name());
                                }
                            }
                            if (!firsts.add(id.get(0))) {
                                say("bad frame twice: table=" + table.name() + " first_id=" + id.get(0));
                            }
                        } catch (FrameRetiredException e) {
                            // replaced since the snapshot: the next pass reads the new one
                        }
                    }
                }
            }
            say("passes " + passes);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
