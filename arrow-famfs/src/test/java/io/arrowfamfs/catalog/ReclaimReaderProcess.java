package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.CorruptBatchException;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.hosts.LeaseExpiredException;
import io.arrowfamfs.hosts.Pins;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A reader on another host (its own node id and pin directory): attaches every frame of a
 * table whose ids are 0..n-1 and, on command, reads them back.
 *
 * <p>Args: device, node UUID, pin directory, table. Commands on stdin: {@code attach} (prints
 * "held FRAMES"), {@code read} (reads every batch: a lease check before it, the ids checked
 * against what the table was, the lease checked again after; prints "ok ROWS", "expired
 * CLASS", or "reused" when ids were wrong while the lease still held), {@code loop} (reads
 * until the lease fails, printing "reading" first and the result of the read that failed; "corrupt"
 * if a checksum failed while the lease still held),
 * {@code release} (closes the frames, prints "released").
 */
public final class ReclaimReaderProcess {
    private ReclaimReaderProcess() {}

    public static void main(String[] args) throws Exception {
        System.setProperty(Pins.DIRECTORY_PROPERTY, Path.of(args[2]).toString());
        NodeId node = new NodeId(UUID.fromString(args[1]), "reader");
        try (BufferAllocator allocator = new RootAllocator();
                Volume volume = Volume.open(Path.of(args[0]), VolumeOptions.of(node));
                Catalog catalog = Catalog.open(volume)) {
            List<Frame> frames = new ArrayList<>();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                switch (line) {
                    case "attach" -> {
                        for (FrameRef ref : catalog.refresh().require(args[3]).frames()) {
                            frames.add(catalog.attach(ref, allocator, false));
                        }
                        say("held " + frames.size());
                    }
                    case "read" -> say(read(frames));
                    case "loop" -> {
                        say("reading");
                        String result;
                        do {
                            result = read(frames);
                        } while (result.startsWith("ok "));
                        say(result);
                    }
                    case "release" -> {
                        for (Frame frame : frames) {
                            frame.close();
                        }
                        frames.clear();
                        say("released");
                    }
                    default -> say("unknown " + line);
                }
            }
            for (Frame frame : frames) {
                frame.close();
            }
        }
    }

    /** Reads every batch of every frame, as a scan does: lease checked before each batch (by the frame) and after. */
    private static String read(List<Frame> frames) {
        long expected = 0;
        try {
            for (Frame frame : frames) {
                for (int b = 0; b < frame.batchCount(); b++) {
                    boolean right = true;
                    long first = expected;
                    try (VectorSchemaRoot batch = frame.batch(b)) {
                        BigIntVector id = (BigIntVector) batch.getVector("id");
                        for (int i = 0; i < batch.getRowCount(); i++) {
                            right &= id.get(i) == expected++;
                        }
                    }
                    frame.guard().check(); // what was read was read under a lease that still held
                    if (!right) {
                        return "reused frame=" + frame.name() + " batch=" + b + " first_id=" + first;
                    }
                }
            }
            return "ok " + expected;
        } catch (LeaseExpiredException e) {
            return "expired " + e.getClass().getSimpleName() + " " + e.getMessage();
        } catch (CorruptBatchException e) {
            return "corrupt " + e.getMessage(); // reused bytes taken for corruption: the lease was not asked
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
