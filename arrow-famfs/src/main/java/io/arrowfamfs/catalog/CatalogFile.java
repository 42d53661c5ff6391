package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.CatalogDescriptor.*;

import io.arrowfamfs.commitlog.CommitLog;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.MappedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The catalog file {@code .af/catalog} mapped into this process: its header checked once, its
 * records read and appended through a {@link CommitLog} (slots from 4096, the commit count alone
 * on its cache line at 64). Not thread-safe: {@link Catalog} serialises access and closes it.
 */
final class CatalogFile implements AutoCloseable {
    private final MappedRegion region;
    private final CommitLog log;

    private CatalogFile(MappedRegion region, long capacity, Volume volume) {
        this.region = region;
        this.log = new CommitLog(
                region,
                commitLogLayout(capacity),
                volume.cachePolicy(),
                !volume.isMemoryBacked(),
                "catalog of device=" + volume.path());
    }

    /**
     * Maps the catalog file if {@code namespace} has it and checks its header: magic, format,
     * record size, CRC, capacity against the file. Empty if there is no catalog yet.
     */
    static Optional<CatalogFile> attach(Volume volume, Namespace namespace) {
        if (!(namespace.lookup(CATALOG_PATH).orElse(null) instanceof FamfsFile file)) {
            return Optional.empty();
        }
        MappedRegion mapped = volume.map(file, false);
        try {
            mapped.invalidate(0, HEADER_SIZE, volume.cachePolicy());
            return Optional.of(
                    new CatalogFile(mapped, checkHeader(mapped.copyOf(0, HEADER_SIZE), file.size()), volume));
        } catch (RuntimeException e) {
            mapped.close();
            throw e;
        }
    }

    /**
     * Creates an empty catalog, with arrow-famfs's directories, inside the log lock: the header
     * and zeroed records are written and written back before famfs logs the file, so no reader
     * ever finds a catalog without its header.
     */
    static void create(Volume volume) {
        create(volume, DEFAULT_CAPACITY);
    }

    /** {@link #create(Volume)} with room for {@code capacity} records: the seam tests use for a small catalog. */
    static void create(Volume volume, long capacity) {
        volume.exclusive(() -> {
            for (String dir : List.of(ROOT, FRAMES_DIR)) {
                if (volume.namespace().lookup(dir).isEmpty()) {
                    volume.mkdir(dir, 0755);
                }
            }
            return volume.createFileAtomically(CATALOG_PATH, fileSize(capacity), 0644, Placement.PACKED, region -> {
                byte[] header = emptyHeader(capacity);
                region.putBytes(0, header, 0, HEADER_SIZE);
                region.fill(HEADER_SIZE, region.length() - HEADER_SIZE, (byte) 0);
            });
        });
    }

    /** The header of an empty catalog of {@code capacity} records (commit count 0). */
    static byte[] emptyHeader(long capacity) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC)
                .putInt(FORMAT_OFFSET, FORMAT)
                .putInt(RECORD_SIZE_OFFSET, RECORD_SIZE)
                .putLong(CAPACITY_OFFSET, capacity);
        header.putInt(HEADER_CRC_OFFSET, headerCrc(header.array()));
        return header.array();
    }

    /**
     * Checks a copy of the header; returns the capacity. The format is checked before the CRC: a
     * catalog of another format may cover other bytes with it, and is not damage.
     */
    static long checkHeader(byte[] header, long fileSize) {
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = Arrays.copyOf(header, MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CorruptCatalogException("catalog header magic mismatch: path=" + CATALOG_PATH + " actual="
                    + printable(magic) + " expected=" + printable(MAGIC));
        }
        int format = b.getInt(FORMAT_OFFSET);
        if (format != FORMAT) {
            throw new UnsupportedCatalogFormatException("catalog format unsupported: path=" + CATALOG_PATH + " actual="
                    + Integer.toUnsignedString(format) + " expected=" + FORMAT
                    + "; hint: written by another arrow-famfs version");
        }
        int stored = b.getInt(HEADER_CRC_OFFSET);
        int computed = headerCrc(header);
        if (stored != computed) {
            throw new CorruptCatalogException(String.format(
                    "catalog header crc mismatch: path=%s stored=%08x computed=%08x", CATALOG_PATH, stored, computed));
        }
        int recordSize = b.getInt(RECORD_SIZE_OFFSET);
        if (recordSize != RECORD_SIZE) {
            throw new CorruptCatalogException("catalog record size invalid: path=" + CATALOG_PATH + " actual="
                    + recordSize + " expected=" + RECORD_SIZE);
        }
        long capacity = b.getLong(CAPACITY_OFFSET);
        if (capacity <= 0 || capacity > (fileSize - HEADER_SIZE) / RECORD_SIZE) {
            throw new CorruptCatalogException("catalog capacity invalid: path=" + CATALOG_PATH + " capacity=" + capacity
                    + " file_size=" + fileSize);
        }
        return capacity;
    }

    long capacity() {
        return log.capacity();
    }

    /** The commit count (invalidate, acquire): records below it are complete. */
    long count() {
        return log.count();
    }

    /** Records {@code [from, to)}, each a validated copy (CRC, seqnum). */
    List<CommitRecord> read(long from, long to) {
        List<CommitRecord> records = new ArrayList<>((int) (to - from));
        for (long seq = from; seq < to; seq++) {
            records.add(CommitRecord.decode(log.readSlot(seq), seq));
        }
        return records;
    }

    /**
     * Publishes {@code records} (seq = the commit count onwards) in one store of the count; every
     * file they name is logged in famfs and written back already. See {@link CommitLog}.
     */
    void append(List<CommitRecord> records) {
        List<byte[]> encoded = new ArrayList<>(records.size());
        for (CommitRecord record : records) {
            encoded.add(record.encode());
        }
        log.append(records.get(0).seq(), encoded);
    }

    private static int headerCrc(byte[] header) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_CRC_COVERAGE);
        return (int) crc.getValue();
    }

    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }

    @Override
    public void close() {
        region.close();
    }
}
