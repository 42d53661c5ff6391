package io.arrowfamfs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * An independent famfs image writer and reader for tests, written from famfs-omf.md alone with
 * literal offsets and plain file I/O: it shares no code with the project, so our encoder is
 * checked against the spec and not against itself. It writes what famfs's own tools write,
 * quirks included: mkfs leaves sb_flags, dd_uuid and the rest of the superblock region as they
 * were (here: junk), dd_daxdev may fill all 64 bytes with no NUL.
 */
public final class FamfsSpecImage implements AutoCloseable {
    public static final long MIB = 1 << 20;
    public static final long LOG_OFFSET = 0x200000;
    public static final long LOG_LEN = 0x800000;
    public static final long AU = 0x200000;

    private final FileChannel channel;
    private long nextIndex;

    private FamfsSpecImage(FileChannel channel) {
        this.channel = channel;
    }

    /** famfs mkfs on a fresh file of {@code size} bytes, with junk where famfs writes nothing. */
    public static FamfsSpecImage mkfs(Path path, long size, int tsVersion, UUID systemUuid, String daxdev) {
        try {
            FileChannel channel = FileChannel.open(
                    path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.truncate(0);
            FamfsSpecImage image = new FamfsSpecImage(channel);
            ByteBuffer junk = le(4096);
            for (int i = 0; i < 4096; i++) {
                junk.put(i, (byte) (0xA5 ^ i));
            }
            image.write(0, junk);
            channel.write(ByteBuffer.wrap(new byte[] {0}), size - 1);

            ByteBuffer sb = le(200);
            junk.position(0).limit(200);
            sb.put(junk).clear();
            sb.putLong(0, 0x87b282ffL);
            sb.putLong(8, tsVersion);
            sb.putLong(16, LOG_OFFSET);
            sb.putLong(24, LOG_LEN);
            sb.putLong(32, AU);
            sb.putInt(40, 2);
            sb.putInt(44, tsVersion == 48 ? 2 : 1);
            putUuid(sb, 48, UUID.randomUUID());
            putUuid(sb, 64, UUID.randomUUID());
            putUuid(sb, 80, systemUuid);
            sb.putLong(96, crc(sb, 0, 96));
            sb.putLong(112, size);
            byte[] name = daxdev.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 64; i++) {
                sb.put(136 + i, i < name.length ? name[i] : 0);
            }
            image.write(0, sb);

            ByteBuffer log = le(48);
            log.putLong(0, 0xbadcafef00dL);
            log.putLong(8, LOG_LEN);
            log.putLong(16, (LOG_LEN - 48) / 544 - 1);
            log.putLong(24, crc(log, 0, 24));
            image.write(LOG_OFFSET, log);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a MKDIR entry. */
    public void mkdir(String relpath, int mode, int uid, int gid) {
        ByteBuffer e = le(544);
        e.putInt(8, 1);
        e.putInt(16, uid);
        e.putInt(20, gid);
        e.putInt(24, mode);
        putPath(e, 28, relpath);
        append(e);
    }

    /** Appends a FILE entry with simple extents, each {offset, length}, after writing {@code data} through them. */
    public void simpleFile(String relpath, byte[] data, long[][] extents) {
        ByteBuffer e = fileEntry(relpath, data.length);
        e.putInt(120, 0);
        e.putInt(128, extents.length);
        long fileOffset = 0;
        for (int j = 0; j < extents.length; j++) {
            e.putLong(136 + 24 * j, 0);
            e.putLong(136 + 24 * j + 8, extents[j][0]);
            e.putLong(136 + 24 * j + 16, extents[j][1]);
            int n = (int) Math.min(extents[j][1], data.length - fileOffset);
            if (n > 0) {
                write(extents[j][0], ByteBuffer.wrap(data, (int) fileOffset, n));
                fileOffset += n;
            }
        }
        append(e);
    }

    /** Appends a FILE entry with simple extents and writes no data (for entries that point anywhere). */
    public void simpleFileEntry(String relpath, long size, long[][] extents) {
        ByteBuffer e = fileEntry(relpath, size);
        e.putInt(128, extents.length);
        for (int j = 0; j < extents.length; j++) {
            e.putLong(136 + 24 * j + 8, extents[j][0]);
            e.putLong(136 + 24 * j + 16, extents[j][1]);
        }
        append(e);
    }

    /** Appends an interleaved FILE entry; strips are {offset, length}; data is dealt round-robin by chunk. */
    public void interleavedFile(String relpath, byte[] data, long chunkSize, long[][] strips) {
        ByteBuffer e = fileEntry(relpath, data.length);
        e.putInt(120, 1);
        e.putInt(128, 1);
        e.putLong(136, strips.length);
        e.putLong(144, chunkSize);
        for (int k = 0; k < strips.length; k++) {
            e.putLong(152 + 24 * k, 0);
            e.putLong(152 + 24 * k + 8, strips[k][0]);
            e.putLong(152 + 24 * k + 16, strips[k][1]);
        }
        for (long o = 0; o < data.length; o += chunkSize) {
            long chunk = o / chunkSize;
            long dax = strips[(int) (chunk % strips.length)][0] + (chunk / strips.length) * chunkSize;
            write(dax, ByteBuffer.wrap(data, (int) o, (int) Math.min(chunkSize, data.length - o)));
        }
        append(e);
    }

    /** Appends an ADD_DAXDEV entry (v48). */
    public void addDaxdev(long size, UUID uuid, int index) {
        ByteBuffer e = le(544);
        e.putInt(8, 3);
        e.putLong(16, size);
        putUuid(e, 24, uuid);
        e.putInt(40, index);
        append(e);
    }

    /** Appends raw entry bytes as given (seqnum and CRC filled in unless {@code raw}). */
    public void appendEntry(ByteBuffer entry) {
        append(entry);
    }

    public long entries() {
        return nextIndex;
    }

    private ByteBuffer fileEntry(String relpath, long size) {
        ByteBuffer e = le(544);
        e.putInt(8, 0);
        e.putLong(16, size);
        e.putInt(24, 2);
        e.putInt(28, 1000);
        e.putInt(32, 1000);
        e.putInt(36, 0644);
        putPath(e, 40, relpath);
        return e;
    }

    /** famfs_append_log: seqnum, crc, copy into the slot, then next_seqnum++, next_index++. */
    private void append(ByteBuffer e) {
        e.putLong(0, nextIndex);
        e.putLong(536, crc(e, 0, 536));
        write(LOG_OFFSET + 48 + 544 * nextIndex, e);
        nextIndex++;
        ByteBuffer counters = le(16);
        counters.putLong(0, nextIndex);
        counters.putLong(8, nextIndex);
        write(LOG_OFFSET + 32, counters);
    }

    public void write(long offset, ByteBuffer bytes) {
        try {
            ByteBuffer src = bytes.duplicate();
            while (src.hasRemaining()) {
                offset += channel.write(src, offset);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- reading, for checking images our code wrote ------------------------------------

    /** A FILE or MKDIR entry as the spec defines it. */
    public record Entry(
            long index,
            int type,
            String relpath,
            long size,
            int mode,
            int uid,
            int gid,
            int extType,
            List<long[]> extents,
            long chunkSize) {}

    /** Parses an image field by field, checking every CRC, counter and zero byte the spec requires. */
    public static List<Entry> parse(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer sb = read(channel, 0, 200);
            check(sb.getLong(0) == 0x87b282ffL, "superblock magic");
            check(sb.getLong(96) == crc(sb, 0, 96), "superblock crc");
            check(sb.getLong(16) == LOG_OFFSET, "log offset");
            check(sb.getLong(32) == AU, "alloc unit");
            long logLen = sb.getLong(24);
            ByteBuffer header = read(channel, LOG_OFFSET, 48);
            check(header.getLong(0) == 0xbadcafef00dL, "log magic");
            check(header.getLong(8) == logLen, "log length");
            check(header.getLong(16) == (logLen - 48) / 544 - 1, "last index");
            check(header.getLong(24) == crc(header, 0, 24), "log crc");
            long next = header.getLong(40);
            check(header.getLong(32) == next, "next_seqnum == next_index");
            List<Entry> entries = new ArrayList<>();
            for (long i = 0; i < next; i++) {
                ByteBuffer e = read(channel, LOG_OFFSET + 48 + 544 * i, 544);
                check(e.getLong(0) == i, "seqnum of entry " + i);
                check(e.getLong(536) == crc(e, 0, 536), "crc of entry " + i);
                check(e.getInt(12) == 0, "entry padding zero");
                int type = e.getInt(8);
                if (type == 3) {
                    entries.add(new Entry(i, 3, "", e.getLong(16), 0, 0, 0, -1, List.of(), 0));
                    checkZero(e, 48, 536, "unused add_daxdev union of entry " + i);
                } else if (type == 1) {
                    entries.add(new Entry(
                            i, 1, path(e, 28), 0, e.getInt(24), e.getInt(16), e.getInt(20), -1, List.of(), 0));
                    checkZero(e, 108, 536, "unused mkdir union of entry " + i);
                } else {
                    check(type == 0, "entry type of " + i);
                    check(e.getInt(124) == 0 && e.getInt(132) == 0, "fmap padding zero");
                    int ext = e.getInt(120);
                    int n = e.getInt(128);
                    List<long[]> extents = new ArrayList<>();
                    long chunk = 0;
                    if (ext == 0) {
                        for (int j = 0; j < n; j++) {
                            extents.add(new long[] {e.getLong(136 + 24 * j + 8), e.getLong(136 + 24 * j + 16)});
                            check(e.getLong(136 + 24 * j) == 0, "devindex 0");
                        }
                        checkZero(e, 136 + 24 * n, 536, "unused extent slots of entry " + i);
                    } else {
                        check(n == 1, "niext 1");
                        long strips = e.getLong(136);
                        chunk = e.getLong(144);
                        for (int k = 0; k < strips; k++) {
                            extents.add(new long[] {e.getLong(152 + 24 * k + 8), e.getLong(152 + 24 * k + 16)});
                        }
                        checkZero(e, 152 + 24 * (int) strips, 536, "unused strip slots of entry " + i);
                    }
                    entries.add(new Entry(
                            i,
                            0,
                            path(e, 40),
                            e.getLong(16),
                            e.getInt(36),
                            e.getInt(28),
                            e.getInt(32),
                            ext,
                            extents,
                            chunk));
                }
            }
            checkZero(read(channel, LOG_OFFSET + 48 + 544 * next, 544), 0, 544, "slot after the last entry");
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkZero(ByteBuffer b, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            check(b.get(i) == 0, what + " at byte " + i);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("spec violation: " + what);
        }
    }

    private static String path(ByteBuffer e, int offset) {
        int n = 0;
        while (n < 80 && e.get(offset + n) != 0) {
            n++;
        }
        check(n < 80, "relpath NUL-terminated");
        checkZero(e, offset + n, offset + 80, "relpath buffer zero after NUL");
        byte[] bytes = new byte[n];
        e.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer b = le(length);
        while (b.hasRemaining()) {
            if (channel.read(b, offset + b.position()) < 0) {
                throw new AssertionError("image truncated at " + offset);
            }
        }
        return b.clear();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long crc(ByteBuffer b, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(b.array(), from, to - from);
        return crc.getValue();
    }

    private static void putUuid(ByteBuffer b, int offset, UUID uuid) {
        ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        be.putLong(offset, uuid.getMostSignificantBits());
        be.putLong(offset + 8, uuid.getLeastSignificantBits());
    }

    private static void putPath(ByteBuffer e, int offset, String relpath) {
        byte[] bytes = relpath.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(bytes.length, 79); i++) {
            e.put(offset + i, bytes[i]);
        }
    }

    /** Deterministic test data: {@code n} bytes derived from {@code seed}. */
    public static byte[] data(int n, long seed) {
        byte[] bytes = new byte[n];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }
}
