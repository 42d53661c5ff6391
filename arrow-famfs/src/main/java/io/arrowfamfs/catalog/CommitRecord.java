package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.CatalogDescriptor.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * One commit: a table created (with {@code path} its schema-only frame), a frame appended, or a
 * table dropped. Codec for the 512-byte record, CRC32C-protected.
 */
public record CommitRecord(
        long seq, int type, String table, String path, long rows, long bytes, int batches, long timeMicros) {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /**
     * Returns {@code name} if it can name a table (an SQL identifier of at most 63 characters).
     *
     * @throws InvalidTableNameException otherwise
     */
    public static String checkTableName(String name) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw new InvalidTableNameException("invalid table name: name=" + name
                    + " expected=letters, digits and _, not starting with a digit, at most 63");
        }
        return name;
    }

    byte[] encode() {
        byte[] encoded = new byte[RECORD_SIZE];
        ByteBuffer b = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(SEQ_OFFSET, seq)
                .putInt(TYPE_OFFSET, type)
                .putInt(BATCHES_OFFSET, batches)
                .putLong(TIME_OFFSET, timeMicros)
                .putLong(ROWS_OFFSET, rows)
                .putLong(BYTES_OFFSET, bytes);
        putString(b, NAME_OFFSET, NAME_MAX, checkTableName(table));
        putString(b, PATH_OFFSET, PATH_MAX, path);
        b.putInt(CRC_OFFSET, crc(encoded));
        return encoded;
    }

    /** Decodes a copy of slot {@code index}; throws if its CRC, seqnum or contents are wrong. */
    static CommitRecord decode(byte[] bytes, long index) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int stored = b.getInt(CRC_OFFSET);
        int computed = crc(bytes);
        if (stored != computed) {
            throw new CorruptCatalogException(String.format(
                    "catalog record crc mismatch: seq=%d stored=%08x computed=%08x", index, stored, computed));
        }
        long seq = b.getLong(SEQ_OFFSET);
        int type = b.getInt(TYPE_OFFSET);
        if (seq != index || type < TYPE_CREATE || type > TYPE_DROP) {
            throw new CorruptCatalogException(
                    "catalog record invalid: slot=" + index + " seq=" + seq + " type=" + type);
        }
        return new CommitRecord(
                seq,
                type,
                getString(b, NAME_OFFSET, NAME_MAX, index),
                getString(b, PATH_OFFSET, PATH_MAX, index),
                b.getLong(ROWS_OFFSET),
                b.getLong(BYTES_OFFSET),
                b.getInt(BATCHES_OFFSET),
                b.getLong(TIME_OFFSET));
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        return (int) crc.getValue();
    }

    private static void putString(ByteBuffer b, int offset, int max, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > max) {
            throw new IllegalArgumentException("catalog string too long: bytes=" + utf8.length + " max=" + max);
        }
        b.put(offset, (byte) utf8.length);
        b.put(offset + 1, utf8);
    }

    private static String getString(ByteBuffer b, int offset, int max, long index) {
        int length = Byte.toUnsignedInt(b.get(offset));
        if (length > max) {
            throw new CorruptCatalogException("catalog record string too long: seq=" + index + " length=" + length);
        }
        byte[] utf8 = new byte[length];
        b.get(offset + 1, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
