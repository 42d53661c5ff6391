package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.OutboxDescriptor.*;

import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.commitlog.CommitLog;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.hosts.Lines;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * A writer node's outbox, mapped read-write on the master and on the node (layout in {@link
 * OutboxDescriptor}). This class moves sealed lines and records; {@link OutboxWriter} and
 * {@link OutboxAgent} hold the protocol. Every line write stores the whole line, writes it back
 * and fences; every read invalidates first and copies out.
 */
final class OutboxFile implements AutoCloseable {
    /**
     * The writer's request line of a ring: space asked for, who writes the ring now, and a grant
     * of the ring's writer it has filled and gives back ({@link GrantSpace#NONE}: none).
     */
    record Request(long bytes, long askSeq, long pid, long closes) {}

    /**
     * The master's answer line of a ring: records consumed, the last ask answered, the last
     * commit rejected, and the last ask refused with why.
     */
    record Answer(long consumed, long askAnswered, long rejectedSeq, long refusedAsk, GrantRefusal refusal) {
        static final Answer NONE = new Answer(0, 0, 0, 0, GrantRefusal.NONE);

        /** {@return this answer, with ask {@code ask} answered by a grant} */
        Answer granted(long ask) {
            return new Answer(consumed, ask, rejectedSeq, refusedAsk, refusal);
        }

        /** {@return this answer, with ask {@code ask} answered by {@code why}: no grant} */
        Answer refused(long ask, GrantRefusal why) {
            return new Answer(consumed, ask, rejectedSeq, ask, why);
        }

        /** {@return this answer, consumed up to {@code count}, the last commit rejected {@code rejected}} */
        Answer consumedTo(long count, long rejected) {
            return new Answer(count, askAnswered, rejected, refusedAsk, refusal);
        }
    }

    private final MappedRegion region;
    private final CachePolicy policy;
    private final UUID node;
    private final CommitLog[] rings = new CommitLog[RINGS];

    private OutboxFile(MappedRegion region, CachePolicy policy, boolean persistent, UUID node) {
        this.region = region;
        this.policy = policy;
        this.node = node;
        for (int k = 0; k < RINGS; k++) {
            rings[k] = new CommitLog(region, OutboxDescriptor.ring(k), policy, persistent, path(node) + " ring " + k);
        }
    }

    /**
     * An outbox over {@code region} as one host sees it, for the non-coherence simulator; the
     * caller owns the region (closing this closes it).
     */
    static OutboxFile over(MappedRegion region, CachePolicy policy, UUID node) {
        return new OutboxFile(region, policy, false, node);
    }

    /** The header line the master writes at creation, for {@link #over}'s callers. */
    static byte[] headerLine(UUID node) {
        return header(node);
    }

    /** Creates {@code node}'s outbox, header written back before famfs logs it, unless it exists. Master only. */
    static void createIfMissing(Volume volume, UUID node) {
        volume.exclusive(() -> {
            if (volume.refresh().lookup(path(node)).isPresent()) {
                return null;
            }
            if (volume.namespace().lookup(DIRECTORY).isEmpty()) {
                volume.mkdir(DIRECTORY, 0755);
            }
            return volume.createFileAtomically(path(node), FILE_SIZE, 0644, Placement.PACKED, region -> {
                region.fill(0, region.length(), (byte) 0);
                region.putBytes(0, header(node), 0, LINE_SIZE);
            });
        });
    }

    /** {@return whether {@code node} has an outbox, as of a refresh of the famfs log} */
    static boolean exists(Volume volume, UUID node) {
        return volume.refresh().lookup(path(node)).isPresent();
    }

    /**
     * Maps {@code node}'s outbox and checks its header.
     *
     * @throws CorruptCatalogException if the header is damaged or of another layout
     */
    static OutboxFile open(Volume volume, UUID node) {
        FamfsFile file = volume.refresh().file(path(node));
        MappedRegion region = volume.mapShared(file);
        try {
            if (file.size() < FILE_SIZE || !Arrays.equals(region.copyOf(0, LINE_SIZE), header(node))) {
                throw new CorruptCatalogException("outbox header damaged: path=" + path(node) + " size=" + file.size()
                        + " expected=" + FILE_SIZE);
            }
            return new OutboxFile(region, volume.cachePolicy(), !volume.isMemoryBacked(), node);
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    private static byte[] header(UUID node) {
        ByteBuffer b = Lines.blank();
        b.put(0, MAGIC);
        b.putInt(HEADER_FORMAT, FORMAT).putInt(HEADER_RINGS, RINGS).putInt(HEADER_SLOTS, SLOTS);
        b.putInt(HEADER_SLOT_SIZE, RECORD_SIZE);
        Lines.putUuid(b, HEADER_NODE, node);
        return Lines.seal(b);
    }

    UUID node() {
        return node;
    }

    CommitLog ring(int k) {
        return rings[k];
    }

    Optional<Request> request(int k) {
        ByteBuffer b = Lines.open(read(ringOffset(k) + REQUEST_LINE));
        return b == null
                ? Optional.empty()
                : Optional.of(new Request(
                        b.getLong(REQUEST_BYTES),
                        b.getLong(REQUEST_ASK_SEQ),
                        b.getLong(REQUEST_PID),
                        b.getLong(REQUEST_CLOSES) - 1));
    }

    void writeRequest(int k, Request request) {
        ByteBuffer b = Lines.blank();
        b.putLong(REQUEST_BYTES, request.bytes())
                .putLong(REQUEST_ASK_SEQ, request.askSeq())
                .putLong(REQUEST_PID, request.pid())
                .putLong(
                        REQUEST_CLOSES,
                        request.closes() + 1); // 0, what a writer that gives nothing back leaves, is NONE
        write(ringOffset(k) + REQUEST_LINE, Lines.seal(b));
    }

    /**
     * The answer line; {@link Answer#NONE} before the master first wrote it, empty while it is
     * torn (or names a refusal this build does not know).
     */
    Optional<Answer> answer(int k) {
        byte[] line = read(ringOffset(k) + ANSWER_LINE);
        if (isZero(line)) {
            return Optional.of(Answer.NONE);
        }
        ByteBuffer b = Lines.open(line);
        return Optional.ofNullable(b).flatMap(a -> GrantRefusal.decode(a.getInt(ANSWER_REFUSAL))
                .map(refusal -> new Answer(
                        a.getLong(ANSWER_CONSUMED),
                        a.getLong(ANSWER_ASK_SEQ),
                        a.getLong(ANSWER_REJECTED_SEQ),
                        a.getLong(ANSWER_REFUSED_ASK),
                        refusal)));
    }

    void writeAnswer(int k, Answer answer) {
        ByteBuffer b = Lines.blank();
        b.putLong(ANSWER_CONSUMED, answer.consumed())
                .putLong(ANSWER_ASK_SEQ, answer.askAnswered())
                .putLong(ANSWER_REJECTED_SEQ, answer.rejectedSeq())
                .putLong(ANSWER_REFUSED_ASK, answer.refusedAsk())
                .putInt(ANSWER_REFUSAL, answer.refusal().ordinal());
        write(ringOffset(k) + ANSWER_LINE, Lines.seal(b));
    }

    /** Why commit {@code writerSeq} was rejected, if the text the master wrote is for it. */
    Optional<String> errorText(int k, long writerSeq) {
        return readText(ringOffset(k) + ERROR_TEXT, writerSeq);
    }

    /** Writes why commit {@code writerSeq} was rejected (cut to fit), before the answer line names it. */
    void writeErrorText(int k, long writerSeq, String message) {
        writeText(ringOffset(k) + ERROR_TEXT, writerSeq, message);
    }

    /** Why ask {@code askSeq} was refused, if the text the master wrote is for it. */
    Optional<String> refusalText(int k, long askSeq) {
        return readText(ringOffset(k) + REFUSAL_TEXT, askSeq);
    }

    /** Writes why ask {@code askSeq} was refused (cut to fit), before the answer line names it. */
    void writeRefusalText(int k, long askSeq, String message) {
        writeText(ringOffset(k) + REFUSAL_TEXT, askSeq, message);
    }

    private Optional<String> readText(long at, long seq) {
        region.invalidate(at, TEXT_SIZE, policy);
        ByteBuffer b = ByteBuffer.wrap(region.copyOf(at, TEXT_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        int length = b.getInt(TEXT_LENGTH);
        if (b.getInt(TEXT_CRC) != Lines.crc(b.array(), TEXT_CRC)
                || b.getLong(TEXT_SEQ) != seq
                || length < 0
                || length > TEXT_MAX) {
            return Optional.empty();
        }
        return Optional.of(new String(b.array(), TEXT_BODY, length, StandardCharsets.UTF_8));
    }

    private void writeText(long at, long seq, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, TEXT_MAX);
        ByteBuffer b = ByteBuffer.allocate(TEXT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(TEXT_SEQ, seq).putInt(TEXT_LENGTH, length).put(TEXT_BODY, text, 0, length);
        b.putInt(TEXT_CRC, Lines.crc(b.array(), TEXT_CRC));
        region.putBytes(at, b.array(), 0, TEXT_SIZE);
        region.writeBack(at, TEXT_SIZE, policy);
    }

    private byte[] read(long offset) {
        region.invalidate(offset, LINE_SIZE, policy);
        return region.copyOf(offset, LINE_SIZE);
    }

    private void write(long offset, byte[] line) {
        region.putBytes(offset, line, 0, LINE_SIZE);
        region.writeBack(offset, LINE_SIZE, policy);
    }

    private static boolean isZero(byte[] line) {
        for (byte b : line) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        region.close();
    }
}
