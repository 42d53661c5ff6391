package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.CatalogDescriptor.*;

import io.arrowfamfs.space.Extent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A checkpoint root: which checkpoint is current, the commit count it covers, and where its
 * records lie. Codec for the 64-byte root lines of the catalog header ({@link CatalogDescriptor}).
 *
 * @param generation grows by one per checkpoint; the valid root with the higher one is current
 * @param base the commit count the checkpoint covers: the ring supplies records from it on
 * @param body where the checkpoint's records lie, in pool space
 * @param records how many records the body holds
 * @param bodyCrc the CRC32C of the body's bytes
 * @param unitGeneration the generation of the units holding the body
 */
record CheckpointRoot(long generation, long base, Extent body, int records, int bodyCrc, int unitGeneration) {
    /** The header offset of the line this root is written to: the two lines alternate. */
    int lineOffset() {
        return ROOT_OFFSETS[(int) (generation % 2)];
    }

    byte[] encode() {
        byte[] bytes = new byte[ROOT_SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(ROOT_GENERATION, generation)
                .putLong(ROOT_BASE, base)
                .putInt(ROOT_POOL, body.pool())
                .putInt(ROOT_RECORDS, records)
                .putLong(ROOT_OFFSET, body.offset())
                .putLong(ROOT_LENGTH, body.length())
                .putInt(ROOT_BODY_CRC, bodyCrc)
                .putInt(ROOT_UNIT_GENERATION, unitGeneration);
        b.putInt(ROOT_CRC, crc(bytes));
        return bytes;
    }

    /**
     * The root a line holds, if it holds one: a line never written (generation 0), or one whose
     * CRC fails (torn by a writer that died mid-store), holds none; the other line is then current.
     */
    static Optional<CheckpointRoot> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long generation = b.getLong(ROOT_GENERATION);
        if (generation == 0 || b.getInt(ROOT_CRC) != crc(bytes)) {
            return Optional.empty();
        }
        try {
            Extent body = new Extent(b.getInt(ROOT_POOL), b.getLong(ROOT_OFFSET), b.getLong(ROOT_LENGTH));
            int records = b.getInt(ROOT_RECORDS);
            if (records <= 0 || (long) records * RECORD_SIZE != body.length() || b.getLong(ROOT_BASE) <= 0) {
                return Optional.empty();
            }
            return Optional.of(new CheckpointRoot(
                    generation,
                    b.getLong(ROOT_BASE),
                    body,
                    records,
                    b.getInt(ROOT_BODY_CRC),
                    b.getInt(ROOT_UNIT_GENERATION)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, ROOT_CRC);
        return (int) crc.getValue();
    }
}
