package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.LegacyCatalogDescriptor.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.MappedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A format-1 catalog ({@code .af/catalog}, one famfs file per frame), read to migrate it: its
 * header and records checked as that format did, replayed into the tables it held.
 */
final class LegacyCatalogFile {
    private LegacyCatalogFile() {}

    /** A table of a format-1 catalog: the famfs paths of its schema frame and of its frames, in order. */
    record LegacyTable(String name, String schemaPath, List<LegacyFrame> frames) {}

    /** A frame of a format-1 catalog. */
    record LegacyFrame(String path, long rows, int batches) {}

    /** What a format-1 catalog held: its commit count and its live tables, in creation order. */
    record Contents(long commits, List<LegacyTable> tables) {}

    /** True if {@code namespace} has a format-1 catalog. */
    static boolean exists(Namespace namespace) {
        return namespace.lookup(CATALOG_PATH).orElse(null) instanceof FamfsFile;
    }

    /** The typed error for a volume whose format-1 catalog was not (or not completely) converted. */
    static UnsupportedCatalogFormatException unmigrated(Volume volume, boolean started) {
        return new UnsupportedCatalogFormatException("catalog format 1 needs converting: device=" + volume.path()
                + " path=" + CATALOG_PATH + " format=1 expected=" + CatalogDescriptor.FORMAT
                + (started ? " (a migration started and did not finish)" : "")
                + "; hint: run 'arrow-famfs migrate -d " + volume.path()
                + "' on the master: it copies every table into pools and loses nothing");
    }

    /** Reads and replays the format-1 catalog of {@code volume}. */
    static Contents read(Volume volume) {
        FamfsFile file = volume.namespace().file(CATALOG_PATH);
        try (MappedRegion region = volume.map(file, false)) {
            region.invalidate(0, region.length(), volume.cachePolicy());
            long capacity = checkHeader(region.copyOf(0, HEADER_SIZE), file.size());
            long count = region.getLongAcquire(COMMIT_COUNT_OFFSET);
            if (count < 0 || count > capacity) {
                throw new CorruptCatalogException(
                        "format-1 catalog count out of range: count=" + count + " capacity=" + capacity);
            }
            Map<String, LegacyTable> tables = new LinkedHashMap<>();
            for (long seq = 0; seq < count; seq++) {
                apply(tables, region.copyOf(recordOffset(seq), RECORD_SIZE), seq);
            }
            return new Contents(count, List.copyOf(tables.values()));
        }
    }

    private static void apply(Map<String, LegacyTable> tables, byte[] bytes, long seq) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        if (b.getInt(CRC_OFFSET) != (int) crc.getValue() || b.getLong(SEQ_OFFSET) != seq) {
            throw new CorruptCatalogException("format-1 catalog record damaged: seq=" + seq);
        }
        int type = b.getInt(TYPE_OFFSET);
        String name = string(b, NAME_OFFSET, NAME_MAX, seq);
        String path = string(b, PATH_OFFSET, PATH_MAX, seq);
        LegacyTable table = tables.get(name);
        if (type == TYPE_CREATE && table == null) {
            tables.put(name, new LegacyTable(name, path, new ArrayList<>()));
        } else if (type == TYPE_APPEND && table != null) {
            table.frames().add(new LegacyFrame(path, b.getLong(ROWS_OFFSET), b.getInt(BATCHES_OFFSET)));
        } else if (type == TYPE_DROP && table != null) {
            tables.remove(name);
        } else {
            throw new CorruptCatalogException("format-1 catalog record contradicts the ones before: seq=" + seq
                    + " type=" + type + " table=" + name);
        }
    }

    private static long checkHeader(byte[] header, long fileSize) {
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_CRC_COVERAGE);
        long capacity = b.getLong(CAPACITY_OFFSET);
        if (!Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)
                || b.getInt(FORMAT_OFFSET) != FORMAT
                || b.getInt(HEADER_CRC_OFFSET) != (int) crc.getValue()
                || b.getInt(RECORD_SIZE_OFFSET) != RECORD_SIZE
                || capacity <= 0
                || capacity > (fileSize - HEADER_SIZE) / RECORD_SIZE) {
            throw new CorruptCatalogException("format-1 catalog header damaged: path=" + CATALOG_PATH);
        }
        return capacity;
    }

    private static String string(ByteBuffer b, int offset, int max, long seq) {
        int length = Byte.toUnsignedInt(b.get(offset));
        if (length > max) {
            throw new CorruptCatalogException("format-1 catalog string too long: seq=" + seq + " length=" + length);
        }
        byte[] utf8 = new byte[length];
        b.get(offset + 1, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
