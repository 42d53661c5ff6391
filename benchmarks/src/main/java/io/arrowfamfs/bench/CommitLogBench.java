package io.arrowfamfs.bench;

import io.arrowfamfs.commitlog.CommitLog;
import io.arrowfamfs.commitlog.CommitLogLayout;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.Protection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The commit-log primitive at nanosecond scale (JMH; {@code bench commitlog} runs it through
 * {@link CommitLogCases}): publishing one 512-byte record with {@link CommitLog#append} under each
 * cache policy, against a plain 512-byte copy into the same mapping; and a reader's
 * {@link CommitLog#count()} and {@link CommitLog#readSlot}, against a plain load of the counter and
 * a plain copy of the slot. The mapping is a 1 MiB scratch file under {@link #dir}, made and mapped
 * through the core's public {@link NativeFile}: the log needs a region, not a volume.
 *
 * <p>Writers and the put baseline cycle through the slots (a full log starts again at count 0,
 * published, once every {@value #CAPACITY} appends); readers and the load baseline read the slots
 * of a full log in turn. Every method returns what it computed, so JMH keeps it alive. One
 * thread: JMH runs each method in its own trial, with a fresh file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommitLogBench {
    /** Bytes per record: one slot. */
    static final int RECORD = 512;
    /** Slots in the 1 MiB file after the counter's page. */
    static final long CAPACITY = 2040;

    private static final long SLOTS_OFFSET = 4096;
    private static final long COUNTER_OFFSET = 64;
    private static final CommitLogLayout LAYOUT =
            CommitLogLayout.ownLine(SLOTS_OFFSET, RECORD, CAPACITY, COUNTER_OFFSET);

    /** The directory the scratch file is made in: the bench verb's {@code --dir}. */
    @Param("/dev/shm")
    public String dir;

    private Path file;
    private MappedRegion region;
    private CommitLog coherent;
    private CommitLog nonCoherent;
    private byte[] bytes;
    private List<byte[]> record;
    /** The writer's count; the put baseline's next slot. */
    private long count;
    /** The next slot a reader reads. */
    private long cursor;

    /**
     * Makes the scratch file, maps it (pre-faulted) and fills every slot through the coherent log,
     * so readers find a full log.
     *
     * @throws IOException if the file cannot be made
     */
    @Setup(Level.Trial)
    public void map() throws IOException {
        file = Files.createTempFile(Path.of(dir), "arrow-famfs-commitlog-", ".bin");
        boolean persistent;
        try (NativeFile open = NativeFile.open(file, Protection.READ_WRITE)) {
            open.allocate(0, LAYOUT.regionLength());
            persistent = !open.isOnTmpfs();
            region = open.map(0, LAYOUT.regionLength(), true);
        }
        coherent = new CommitLog(region, LAYOUT, CachePolicy.COHERENT, persistent, file.toString());
        nonCoherent = new CommitLog(region, LAYOUT, CachePolicy.NON_COHERENT, persistent, file.toString());
        bytes = new byte[RECORD];
        Arrays.fill(bytes, (byte) 0x5a);
        record = List.of(bytes);
        for (count = 0; count < CAPACITY; ) {
            count = coherent.append(count, record);
        }
    }

    /**
     * Unmaps the region and deletes the scratch file.
     *
     * @throws IOException if the file cannot be deleted
     */
    @TearDown(Level.Trial)
    public void unmap() throws IOException {
        region.close();
        Files.delete(file);
    }

    /** {@return the new count} One record appended and published on cache-coherent memory (fences). */
    @Benchmark
    public long appendCoherent() {
        return append(coherent);
    }

    /** {@return the new count} One record appended and published with CLWB/CLFLUSHOPT write-back. */
    @Benchmark
    public long appendNonCoherent() {
        return append(nonCoherent);
    }

    /** {@return the slot written} The baseline of the appends: the same 512 bytes copied into the next slot. */
    @Benchmark
    public long putBytes() {
        if (count == CAPACITY) {
            count = 0;
        }
        region.putBytes(LAYOUT.slotOffset(count), bytes, 0, RECORD);
        return count++;
    }

    /** {@return a copy of the slot} A reader's count and slot read on cache-coherent memory. */
    @Benchmark
    public byte[] readCoherent() {
        return read(coherent);
    }

    /** {@return a copy of the slot} A reader's count and slot read, each after CLFLUSHOPT invalidation. */
    @Benchmark
    public byte[] readNonCoherent() {
        return read(nonCoherent);
    }

    /** {@return a copy of the slot} The baseline of the reads: a plain load of the counter, a plain copy of the slot. */
    @Benchmark
    public byte[] getLongCopyOf() {
        return region.copyOf(LAYOUT.slotOffset(next(region.getLong(COUNTER_OFFSET))), RECORD);
    }

    private long append(CommitLog log) {
        if (count == CAPACITY) {
            log.publish(0);
            count = 0;
        }
        count = log.append(count, record);
        return count;
    }

    private byte[] read(CommitLog log) {
        return log.readSlot(next(log.count()));
    }

    /** The slot after the last one read, back to 0 at {@code valid}. */
    private long next(long valid) {
        long index = cursor < valid ? cursor : 0;
        cursor = index + 1;
        return index;
    }
}
