package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.CatalogDescriptor.*;

import io.arrowfamfs.catalog.RecordCodec.Stored;
import io.arrowfamfs.commitlog.CommitLog;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The catalog file {@code .af/catalog.v2} mapped into this process: its header checked once, its
 * records read and appended through a ring {@link CommitLog} (the commit count alone on its line
 * at 64), its two checkpoint roots read and written. Not thread-safe: {@link Catalog} serialises
 * access and closes it.
 */
final class CatalogFile implements AutoCloseable {
    private final MappedRegion region;
    private final CommitLog log;
    private final CachePolicy policy;
    private final boolean persistent;
    private final String where;

    private CatalogFile(MappedRegion region, long slots, Volume volume) {
        this.region = region;
        this.policy = volume.cachePolicy();
        this.persistent = !volume.isMemoryBacked();
        this.where = "catalog of device=" + volume.path();
        this.log = new CommitLog(region, commitLogLayout(slots), policy, persistent, where);
    }

    /**
     * Maps the catalog file if {@code namespace} has it and checks its header: magic, format,
     * record size, CRC, slots against the file. Empty if there is no catalog yet.
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
     * Creates an empty catalog inside the log lock: the header, empty roots and zeroed slots are
     * written and written back before famfs logs the file, so no reader ever finds a catalog
     * without its header.
     */
    static void create(Volume volume, long slots) {
        volume.exclusive(() -> {
            if (volume.namespace().lookup(ROOT).isEmpty()) {
                volume.mkdir(ROOT, 0755);
            }
            return volume.createFileAtomically(CATALOG_PATH, fileSize(slots), 0644, Placement.PACKED, region -> {
                region.fill(0, region.length(), (byte) 0);
                byte[] header = emptyHeader(slots);
                region.putBytes(0, header, 0, header.length);
            });
        });
    }

    /** The fixed part of the header of a catalog of {@code slots} ring slots. */
    static byte[] emptyHeader(long slots) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_CRC_COVERAGE + 4).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC)
                .putInt(FORMAT_OFFSET, FORMAT)
                .putInt(RECORD_SIZE_OFFSET, RECORD_SIZE)
                .putLong(SLOTS_OFFSET, slots);
        header.putInt(HEADER_CRC_OFFSET, headerCrc(header.array()));
        return header.array();
    }

    /**
     * Checks a copy of the header; returns the slot count. The format is checked before the CRC:
     * a catalog of another format may cover other bytes with it, and is not damage.
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
        long slots = b.getLong(SLOTS_OFFSET);
        if (slots < 8 || slots > (fileSize - HEADER_SIZE) / RECORD_SIZE) {
            throw new CorruptCatalogException(
                    "catalog slots invalid: path=" + CATALOG_PATH + " slots=" + slots + " file_size=" + fileSize);
        }
        return slots;
    }

    /** The ring's slot count: a new reader replays at most this many records after a checkpoint. */
    long slots() {
        return log.capacity();
    }

    /** The commit count (invalidate, acquire): records below it are complete, the last {@link #slots} of them in the ring. */
    long count() {
        return log.count();
    }

    /**
     * Records {@code [from, to)}, each a validated copy (CRC, seq).
     *
     * @throws StaleRecordException if the ring was overwritten past {@code from} meanwhile
     */
    List<Stored> read(long from, long to) {
        if (to - from > slots()) {
            throw new StaleRecordException(
                    "catalog records left the ring: " + where + " from=" + from + " to=" + to + " slots=" + slots());
        }
        List<Stored> records = new ArrayList<>((int) (to - from));
        for (long seq = from; seq < to; seq++) {
            records.add(RecordCodec.decode(log.readSlot(seq), seq, where));
        }
        return records;
    }

    /**
     * Publishes {@code encoded} records at {@code count} in one store of the count; every range
     * they name is written back already. See {@link CommitLog}.
     */
    void append(long count, List<byte[]> encoded) {
        log.append(count, encoded);
    }

    /** The current checkpoint root: the valid one of the two with the higher generation, if any. */
    Optional<CheckpointRoot> root() {
        Optional<CheckpointRoot> best = Optional.empty();
        for (int offset : ROOT_OFFSETS) {
            region.invalidate(offset, ROOT_SIZE, policy);
            Optional<CheckpointRoot> root = CheckpointRoot.decode(region.copyOf(offset, ROOT_SIZE));
            if (root.isPresent()
                    && (best.isEmpty() || root.get().generation() > best.get().generation())) {
                best = root;
            }
        }
        return best;
    }

    /** Writes {@code root} into its line (the one the current root is not in) and writes it back. */
    void writeRoot(CheckpointRoot root) {
        byte[] bytes = root.encode();
        region.putBytes(root.lineOffset(), bytes, 0, bytes.length);
        region.writeBack(root.lineOffset(), ROOT_SIZE, policy);
        if (persistent) {
            region.sync(root.lineOffset(), ROOT_SIZE);
        }
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
