package io.arrowfamfs.catalog;

import io.arrowfamfs.space.Extent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * One part of a commit a writer asks the master for through its outbox: publish these frames
 * (written into grants, possibly by several nodes) as table {@code table}, in one catalog
 * commit. A commit of more than {@value #PER_PART} frames takes several consecutive parts of
 * one writer sequence number.
 *
 * <pre>
 *    0 ring index u64 (the record's own place: a lapped or stale slot fails it)
 *    8 writer seq u64 | 16 mode u8 | 17 frames in this part u8 | 18 part u16 | 20 parts u16
 *   24 table name, 64 bytes UTF-8, zero padded
 *   88 frames, 52 bytes each: pool u32 | generation u32 | offset u64 | length u64 | grant u64
 *      | writer u64 | rows u64 | batches u32
 *  508 crc32c of [0,508)
 * </pre>
 *
 * @param index the record's ring index
 * @param writerSeq the commit's sequence number among its writer's commits, from 1
 * @param mode how the frames are published
 * @param table the table's name
 * @param part this part's number, from 0
 * @param parts how many parts the commit has
 * @param frames this part's frames
 */
record OutboxRecord(
        long index, long writerSeq, CatalogWriter.Mode mode, String table, int part, int parts, List<FrameRef> frames) {
    /** Frames per part. */
    static final int PER_PART = 8;

    private static final int TABLE = 24;
    private static final int TABLE_SIZE = 64;
    private static final int FRAMES = 88;
    private static final int ENTRY = 52;
    private static final int CRC = OutboxDescriptor.RECORD_SIZE - 4;

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(OutboxDescriptor.RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, index).putLong(8, writerSeq);
        b.put(16, (byte) mode.ordinal()).put(17, (byte) frames.size());
        b.putShort(18, (short) part).putShort(20, (short) parts);
        byte[] name = table.getBytes(StandardCharsets.UTF_8);
        b.put(TABLE, name, 0, name.length);
        for (int i = 0; i < frames.size(); i++) {
            FrameRef f = frames.get(i);
            FrameLocation l = f.location();
            int at = FRAMES + i * ENTRY;
            b.putInt(at, l.extent().pool()).putInt(at + 4, l.generation());
            b.putLong(at + 8, l.extent().offset()).putLong(at + 16, l.extent().length());
            b.putLong(at + 24, l.grant()).putLong(at + 32, l.writer());
            b.putLong(at + 40, f.rows()).putInt(at + 48, f.batches());
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, CRC);
        b.putInt(CRC, (int) crc.getValue());
        return b.array();
    }

    /**
     * The record in {@code slot}, if it is the complete record of ring index {@code index}: empty
     * when the CRC fails or the index is another (torn, stale, or lapped). A record whose fields
     * are out of range after a good CRC is a writer's bug, refused as such.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    static Optional<OutboxRecord> decode(byte[] slot, long index) {
        ByteBuffer b = ByteBuffer.wrap(slot).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(slot, 0, CRC);
        if (b.getInt(CRC) != (int) crc.getValue() || b.getLong(0) != index) {
            return Optional.empty();
        }
        int mode = b.get(16);
        int count = b.get(17) & 0xff;
        int part = b.getShort(18) & 0xffff;
        int parts = b.getShort(20) & 0xffff;
        if (mode < 0 || mode >= CatalogWriter.Mode.values().length || count > PER_PART || parts == 0 || part >= parts) {
            throw new IllegalArgumentException("outbox record fields out of range: index=" + index + " mode=" + mode
                    + " frames=" + count + " part=" + part + " parts=" + parts);
        }
        int length = 0;
        while (length < TABLE_SIZE && slot[TABLE + length] != 0) {
            length++;
        }
        String table = new String(slot, TABLE, length, StandardCharsets.UTF_8);
        List<FrameRef> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = FRAMES + i * ENTRY;
            Extent extent = new Extent(b.getInt(at), b.getLong(at + 8), b.getLong(at + 16));
            FrameLocation location =
                    new FrameLocation(extent, b.getInt(at + 4), b.getLong(at + 32), 0, b.getLong(at + 24));
            frames.add(new FrameRef(location, b.getLong(at + 40), b.getInt(at + 48), -1));
        }
        return Optional.of(new OutboxRecord(
                index, b.getLong(8), CatalogWriter.Mode.values()[mode], table, part, parts, List.copyOf(frames)));
    }
}
