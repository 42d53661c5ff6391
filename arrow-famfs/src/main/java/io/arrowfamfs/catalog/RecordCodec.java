package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.CatalogRecord.AppendFrame;
import io.arrowfamfs.catalog.CatalogRecord.CloseGrant;
import io.arrowfamfs.catalog.CatalogRecord.CreatePool;
import io.arrowfamfs.catalog.CatalogRecord.CreateTable;
import io.arrowfamfs.catalog.CatalogRecord.DropTable;
import io.arrowfamfs.catalog.CatalogRecord.Free;
import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.catalog.CatalogRecord.Migrated;
import io.arrowfamfs.catalog.CatalogRecord.OpenGrant;
import io.arrowfamfs.catalog.CatalogRecord.Quarantine;
import io.arrowfamfs.catalog.CatalogRecord.ReplaceTable;
import io.arrowfamfs.catalog.CatalogRecord.RetireFrame;
import io.arrowfamfs.catalog.CatalogRecord.RetiredRange;
import io.arrowfamfs.catalog.CatalogRecord.SetConfig;
import io.arrowfamfs.catalog.CatalogRecord.SetPublisher;
import io.arrowfamfs.catalog.CatalogRecord.UnitRun;
import io.arrowfamfs.catalog.CatalogRecord.WriterSeq;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.Grant;
import io.arrowfamfs.space.Pool;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The 512-byte layout of a {@link CatalogRecord}, CRC32C-protected. Little-endian; every field
 * a kind does not use is zero.
 *
 * <pre>
 *   0 seq u64 | 8 kind u16 | 10 zero u16 | 12 batches u32 | 16 time (epoch micros) u64
 *  24 rows u64 | 32 pool u32 | 36 generation u32 | 40 offset u64 | 48 length u64
 *  56 writer u64 | 64 writer seq u64 | 72 grant u64 | 80 arg u64 | 88 arg2 u64 | 96..127 zero
 * 128 name: length u8 + 63 bytes (table, or setting)
 * 192 text: length u8 + 255 bytes (pool path, writer's name) | 448..503 zero
 * 504 crc32c of [0,504) u32 | 508 zero
 * </pre>
 *
 * Kinds: 1 create table, 2 append frame, 3 drop table, 4 replace table, 5 retire frame, 6 create
 * pool, 7 grant space, 8 close grant, 9 quarantine, 10 free, 11 set config, 12 migrated, 17 set
 * publisher; in checkpoints also 13 unit run, 14 retired range, 15 open grant, 16 writer seq. The per-kind
 * use of {@code arg}, {@code arg2} and the extent fields is in {@code docs/catalog.md}.
 */
final class RecordCodec {
    static final int SEQ = 0;
    static final int KIND = 8;
    static final int BATCHES = 12;
    static final int TIME = 16;
    static final int ROWS = 24;
    static final int POOL = 32;
    static final int GENERATION = 36;
    static final int OFFSET = 40;
    static final int LENGTH = 48;
    static final int WRITER = 56;
    static final int WRITER_SEQ = 64;
    static final int GRANT = 72;
    static final int ARG = 80;
    static final int ARG2 = 88;
    static final int NAME = 128;
    static final int NAME_MAX = 63;
    static final int TEXT = 192;
    static final int TEXT_MAX = 255;
    static final int CRC = 504;

    private static final int CREATE_TABLE = 1;
    private static final int APPEND_FRAME = 2;
    private static final int DROP_TABLE = 3;
    private static final int REPLACE_TABLE = 4;
    private static final int RETIRE_FRAME = 5;
    private static final int CREATE_POOL = 6;
    private static final int GRANT_SPACE = 7;
    private static final int CLOSE_GRANT = 8;
    private static final int QUARANTINE = 9;
    private static final int FREE = 10;
    private static final int SET_CONFIG = 11;
    private static final int MIGRATED = 12;
    private static final int UNIT_RUN = 13;
    private static final int RETIRED_RANGE = 14;
    private static final int OPEN_GRANT = 15;
    private static final int WRITER_SEQ_KIND = 16;
    private static final int SET_PUBLISHER = 17;

    private RecordCodec() {}

    /** A decoded record with its place in the log. */
    record Stored(long seq, CatalogRecord record) {}

    static byte[] encode(long seq, long timeMicros, CatalogRecord record) {
        byte[] bytes = new byte[CatalogDescriptor.RECORD_SIZE];
        encode(seq, timeMicros, record, bytes, 0);
        return bytes;
    }

    /**
     * Encodes {@code record} into {@code into} at {@code at}, whose {@link
     * CatalogDescriptor#RECORD_SIZE} bytes must be zero: a checkpoint encodes many into one buffer.
     */
    static void encode(long seq, long timeMicros, CatalogRecord record, byte[] into, int at) {
        ByteBuffer b =
                ByteBuffer.wrap(into, at, CatalogDescriptor.RECORD_SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(SEQ, seq).putLong(TIME, timeMicros);
        if (record instanceof CreateTable r) {
            kind(b, CREATE_TABLE);
            name(b, r.table());
            location(b, r.schema());
            b.putLong(ARG, r.tableVersion());
        } else if (record instanceof AppendFrame r) {
            kind(b, APPEND_FRAME);
            name(b, r.table());
            location(b, r.frame());
            b.putLong(ROWS, r.rows()).putInt(BATCHES, r.batches()).putLong(ARG, r.commit());
        } else if (record instanceof DropTable r) {
            kind(b, DROP_TABLE);
            name(b, r.table());
        } else if (record instanceof ReplaceTable r) {
            kind(b, REPLACE_TABLE);
            name(b, r.table());
        } else if (record instanceof RetireFrame r) {
            kind(b, RETIRE_FRAME);
            name(b, r.table());
            extent(b, r.frame());
        } else if (record instanceof CreatePool r) {
            kind(b, CREATE_POOL);
            b.putInt(POOL, r.pool().id())
                    .putLong(LENGTH, r.pool().size())
                    .putLong(ARG, r.pool().unitSize())
                    .putLong(ARG2, r.reserved() ? 1 : 0);
            text(b, r.pool().relpath());
        } else if (record instanceof GrantSpace r) {
            kind(b, GRANT_SPACE);
            extent(b, r.range());
            b.putLong(WRITER, r.writer()).putLong(ARG, r.closes());
            text(b, r.writerName());
        } else if (record instanceof CloseGrant r) {
            kind(b, CLOSE_GRANT);
            b.putLong(GRANT, r.grant()).putLong(ARG, r.retire() ? 1 : 0);
        } else if (record instanceof Quarantine r) {
            kind(b, QUARANTINE);
            b.putLong(ARG, r.bound());
        } else if (record instanceof Free r) {
            kind(b, FREE);
            b.putLong(ARG, r.quarantineSeq());
        } else if (record instanceof SetConfig r) {
            kind(b, SET_CONFIG);
            putString(b, NAME, NAME_MAX, r.name());
            b.putLong(ARG, r.value());
        } else if (record instanceof Migrated r) {
            kind(b, MIGRATED);
            b.putLong(ARG, r.legacyCommits());
        } else if (record instanceof SetPublisher r) {
            kind(b, SET_PUBLISHER);
            name(b, r.table());
            b.putLong(ARG, r.node().getMostSignificantBits())
                    .putLong(ARG2, r.node().getLeastSignificantBits());
        } else if (record instanceof UnitRun r) {
            kind(b, UNIT_RUN);
            b.putInt(POOL, r.pool())
                    .putInt(GENERATION, r.generation())
                    .putLong(OFFSET, r.firstUnit())
                    .putLong(LENGTH, r.units())
                    .putLong(ARG, r.freedAt())
                    .putLong(ARG2, r.tail());
        } else if (record instanceof RetiredRange r) {
            kind(b, RETIRED_RANGE);
            extent(b, r.extent());
            b.putLong(ARG, r.retiredAt()).putLong(ARG2, r.quarantinedAt());
        } else if (record instanceof OpenGrant r) {
            kind(b, OPEN_GRANT);
            extent(b, r.grant().range());
            b.putInt(GENERATION, r.grant().generation())
                    .putLong(WRITER, r.grant().writer())
                    .putLong(GRANT, r.grant().id())
                    .putLong(ARG, r.used());
            text(b, r.writerName());
        } else if (record instanceof WriterSeq r) {
            kind(b, WRITER_SEQ_KIND);
            b.putLong(WRITER, r.writer()).putLong(WRITER_SEQ, r.lastSeq());
        } else {
            throw new IllegalArgumentException("catalog record kind unknown: " + record);
        }
        CRC32C crc = new CRC32C();
        crc.update(into, at, CRC);
        b.putInt(CRC, (int) crc.getValue());
    }

    /**
     * Decodes a copy of the record expected at {@code seq}.
     *
     * @throws StaleRecordException if the CRC holds but the record is another seq's (a ring slot
     *     overwritten after the reader read the count)
     * @throws CorruptCatalogException if the CRC fails or a field is invalid
     */
    static Stored decode(byte[] bytes, long seq, String where) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int stored = b.getInt(CRC);
        int computed = crc(bytes);
        if (stored != computed) {
            throw new CorruptCatalogException(String.format(
                    "catalog record crc mismatch: %s seq=%d stored=%08x computed=%08x", where, seq, stored, computed));
        }
        long actual = b.getLong(SEQ);
        if (actual != seq) {
            throw new StaleRecordException(
                    "catalog record is another's: " + where + " expected_seq=" + seq + " actual_seq=" + actual);
        }
        int kind = Short.toUnsignedInt(b.getShort(KIND));
        try {
            return new Stored(seq, record(b, kind, seq, where));
        } catch (IllegalArgumentException e) {
            throw new CorruptCatalogException(
                    "catalog record invalid: " + where + " seq=" + seq + " kind=" + kind + " " + e.getMessage());
        }
    }

    private static CatalogRecord record(ByteBuffer b, int kind, long seq, String where) {
        return switch (kind) {
            case CREATE_TABLE -> new CreateTable(table(b, seq), location(b), b.getLong(ARG));
            case APPEND_FRAME ->
                new AppendFrame(table(b, seq), location(b), b.getLong(ROWS), b.getInt(BATCHES), b.getLong(ARG));
            case DROP_TABLE -> new DropTable(table(b, seq));
            case REPLACE_TABLE -> new ReplaceTable(table(b, seq));
            case RETIRE_FRAME -> new RetireFrame(table(b, seq), extent(b));
            case CREATE_POOL ->
                new CreatePool(
                        new Pool(b.getInt(POOL), getString(b, TEXT, TEXT_MAX, seq), b.getLong(LENGTH), (int)
                                b.getLong(ARG)),
                        b.getLong(ARG2) == 1);
            case GRANT_SPACE ->
                new GrantSpace(b.getLong(WRITER), extent(b), b.getLong(ARG), getString(b, TEXT, TEXT_MAX, seq));
            case CLOSE_GRANT -> new CloseGrant(b.getLong(GRANT), b.getLong(ARG) == 1);
            case QUARANTINE -> new Quarantine(b.getLong(ARG));
            case FREE -> new Free(b.getLong(ARG));
            case SET_CONFIG -> new SetConfig(getString(b, NAME, NAME_MAX, seq), b.getLong(ARG));
            case MIGRATED -> new Migrated(b.getLong(ARG));
            case SET_PUBLISHER -> new SetPublisher(table(b, seq), new UUID(b.getLong(ARG), b.getLong(ARG2)));
            case UNIT_RUN ->
                new UnitRun(
                        b.getInt(POOL),
                        Math.toIntExact(b.getLong(OFFSET)),
                        Math.toIntExact(b.getLong(LENGTH)),
                        b.getInt(GENERATION),
                        b.getLong(ARG),
                        b.getLong(ARG2));
            case RETIRED_RANGE -> new RetiredRange(extent(b), b.getLong(ARG), b.getLong(ARG2));
            case OPEN_GRANT ->
                new OpenGrant(
                        new Grant(b.getLong(GRANT), b.getLong(WRITER), extent(b), b.getInt(GENERATION)),
                        b.getLong(ARG),
                        getString(b, TEXT, TEXT_MAX, seq));
            case WRITER_SEQ_KIND -> new WriterSeq(b.getLong(WRITER), b.getLong(WRITER_SEQ));
            default ->
                throw new CorruptCatalogException(
                        "catalog record kind unknown: " + where + " seq=" + seq + " kind=" + kind);
        };
    }

    private static void kind(ByteBuffer b, int kind) {
        b.putShort(KIND, (short) kind);
    }

    private static void name(ByteBuffer b, String table) {
        putString(b, NAME, NAME_MAX, TableNames.check(table));
    }

    private static String table(ByteBuffer b, long seq) {
        String name = getString(b, NAME, NAME_MAX, seq);
        try {
            return TableNames.check(name);
        } catch (InvalidTableNameException e) {
            throw new CorruptCatalogException("catalog record names an invalid table: seq=" + seq + " table=" + name);
        }
    }

    private static void text(ByteBuffer b, String text) {
        putString(b, TEXT, TEXT_MAX, text);
    }

    private static void extent(ByteBuffer b, Extent extent) {
        b.putInt(POOL, extent.pool()).putLong(OFFSET, extent.offset()).putLong(LENGTH, extent.length());
    }

    private static Extent extent(ByteBuffer b) {
        return new Extent(b.getInt(POOL), b.getLong(OFFSET), b.getLong(LENGTH));
    }

    private static void location(ByteBuffer b, FrameLocation location) {
        extent(b, location.extent());
        b.putInt(GENERATION, location.generation())
                .putLong(WRITER, location.writer())
                .putLong(WRITER_SEQ, location.writerSeq())
                .putLong(GRANT, location.grant());
    }

    private static FrameLocation location(ByteBuffer b) {
        return new FrameLocation(
                extent(b), b.getInt(GENERATION), b.getLong(WRITER), b.getLong(WRITER_SEQ), b.getLong(GRANT));
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC);
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

    private static String getString(ByteBuffer b, int offset, int max, long seq) {
        int length = Byte.toUnsignedInt(b.get(offset));
        if (length > max) {
            throw new CorruptCatalogException("catalog record string too long: seq=" + seq + " length=" + length);
        }
        byte[] utf8 = new byte[length];
        b.get(offset + 1, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
