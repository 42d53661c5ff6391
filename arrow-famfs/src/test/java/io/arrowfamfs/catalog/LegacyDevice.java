package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.LegacyCatalogDescriptor.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes what arrow-famfs's format 1 left on a device, from that format's layout: one famfs file
 * per frame under {@code .af/f}, and {@code .af/catalog} with its header and records.
 */
final class LegacyDevice {
    private final Volume master;
    private final List<byte[]> records = new ArrayList<>();
    private int files;

    LegacyDevice(Volume master) {
        this.master = master;
        master.mkdir(ROOT, 0755);
        master.mkdir(FRAMES_DIR, 0755);
    }

    void create(String table, Schema schema) {
        try (FrameBuilder empty = new FrameBuilder(schema)) {
            FamfsFile file = write(empty);
            record(TYPE_CREATE, table, file.relpath(), 0, file.size(), 0);
        }
    }

    void append(String table, FrameBuilder frame) {
        FamfsFile file = write(frame);
        record(TYPE_APPEND, table, file.relpath(), frame.rows(), file.size(), frame.batchCount());
    }

    void drop(String table) {
        record(TYPE_DROP, table, "", 0, 0, 0);
    }

    /** Writes the catalog file: header, records, count. */
    void finish() {
        master.createFileAtomically(CATALOG_PATH, fileSize(DEFAULT_CAPACITY), 0644, Placement.PACKED, region -> {
            region.fill(0, region.length(), (byte) 0);
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            header.put(MAGIC)
                    .putInt(FORMAT_OFFSET, FORMAT)
                    .putInt(RECORD_SIZE_OFFSET, RECORD_SIZE)
                    .putLong(CAPACITY_OFFSET, DEFAULT_CAPACITY);
            header.putInt(HEADER_CRC_OFFSET, crc(header.array(), HEADER_CRC_COVERAGE));
            header.putLong(COMMIT_COUNT_OFFSET, records.size());
            region.putBytes(0, header.array(), 0, HEADER_SIZE);
            for (int i = 0; i < records.size(); i++) {
                region.putBytes(recordOffset(i), records.get(i), 0, RECORD_SIZE);
            }
        });
    }

    private FamfsFile write(FrameBuilder frame) {
        String path = String.format("%s/%032x.arrow", FRAMES_DIR, ++files);
        return master.createFileAtomically(
                path, frame.size(), 0444, Placement.PACKED, region -> frame.writeTo(region, CachePolicy.COHERENT));
    }

    private void record(int type, String table, String path, long rows, long bytes, int batches) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(SEQ_OFFSET, records.size())
                .putInt(TYPE_OFFSET, type)
                .putInt(BATCHES_OFFSET, batches)
                .putLong(TIME_OFFSET, System.currentTimeMillis() * 1000)
                .putLong(ROWS_OFFSET, rows)
                .putLong(BYTES_OFFSET, bytes);
        byte[] name = table.getBytes(StandardCharsets.UTF_8);
        b.put(NAME_OFFSET, (byte) name.length).put(NAME_OFFSET + 1, name);
        byte[] file = path.getBytes(StandardCharsets.UTF_8);
        b.put(PATH_OFFSET, (byte) file.length).put(PATH_OFFSET + 1, file);
        b.putInt(CRC_OFFSET, crc(b.array(), CRC_OFFSET));
        records.add(b.array());
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
