package io.arrowfamfs.frame;

import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.ResourceClosedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.LongBinaryOperator;
import java.util.function.Supplier;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A published frame attached zero-copy: its record batches are Arrow vectors whose buffers point
 * into the mapping. {@link #attach} reads only the magic and the footer and checks each block's
 * bounds; a batch's message is read and checked when the batch is first used. Attach cost does
 * not grow with the frame's bytes: on memory without cache coherence it invalidates (under the
 * volume's {@link CachePolicy}) only what it reads, the header, the trailer and the footer, and
 * each batch's message is invalidated before it is read.
 *
 * <p>Every offset and length read from the mapping is checked against the mapping before use;
 * a batch is validated in full when first loaded. The mapping is wrapped once as a foreign Arrow
 * allocation charged to {@code allocator} (keep that allocator apart: its figure is mapped
 * shared memory, not heap or RAM): the mapping stays charged there until the frame and every
 * batch are closed. Thread-safe.
 *
 * <p><b>Readers check what they read.</b> Every use of a batch ({@link #batch}, {@link #reader},
 * and through them the scan package's column pinning and {@code export}) first calls
 * {@link #checkBatch}: the first time this process uses the batch, its body's cache lines are
 * invalidated under the volume's {@link CachePolicy} (in every {@link VerifyMode}); under
 * {@link VerifyMode#FIRST_USE} (the default) the body is then hashed against the CRC32C in the
 * footer, and a mismatch is a {@link CorruptBatchException} and nothing of the batch is handed
 * out. A batch that passed (or, under {@link VerifyMode#OFF}, was invalidated) is recorded for the
 * process under the frame's {@link FrameIdentity} while any frame of that identity is attached
 * ({@link CheckedBatches}), so attaching it again meanwhile (another query session, another
 * catalog) does not hash or invalidate it again; once the last attachment's mapping goes, so does
 * the record, and a later attachment checks the batch again.
 */
public final class Frame implements AutoCloseable {
    private final String name;
    private final MappedRegion region;
    private final BufferAllocator mappingAllocator;
    private final ArrowBuf mapping;
    private final Schema schema;
    /** The schema as the batches' vectors have it: a dictionary-encoded field has its index type. */
    private final Schema vectorSchema;

    private final List<ArrowBlock> blocks;
    /** Each dictionary's block and values field, by id. */
    private final Map<Long, DictionaryBlock> dictionaryBlocks;
    /** Dictionaries loaded so far, by id: vectors over the mapping, closed with the frame. */
    private final Map<Long, Dictionary> dictionaries = new HashMap<>();

    private final RecordBatch[] messages;
    private final String statsJson;
    /** What this process did to the frame's batches, shared by every attachment of its identity. */
    private final CheckedBatches checks;

    private final VerifyMode verify;
    private final CachePolicy policy;
    private final FrameGuard guard;
    /**
     * 1 at a batch this frame may hand out: it passed its check, or was invalidated under
     * {@link VerifyMode#OFF}, here or by another attachment of the same identity.
     */
    private final AtomicIntegerArray ready;

    private List<BatchStats> stats;
    private boolean closed;

    private Frame(
            String name,
            MappedRegion region,
            BufferAllocator mappingAllocator,
            ArrowBuf mapping,
            Schema schema,
            Schema vectorSchema,
            List<ArrowBlock> blocks,
            Map<Long, DictionaryBlock> dictionaryBlocks,
            String statsJson,
            CheckedBatches checks,
            VerifyMode verify,
            CachePolicy policy,
            FrameGuard guard) {
        this.name = name;
        this.region = region;
        this.mappingAllocator = mappingAllocator;
        this.mapping = mapping;
        this.schema = schema;
        this.vectorSchema = vectorSchema;
        this.blocks = blocks;
        this.dictionaryBlocks = dictionaryBlocks;
        this.messages = new RecordBatch[blocks.size()];
        this.statsJson = statsJson;
        this.checks = checks;
        this.verify = verify;
        this.policy = policy;
        this.guard = guard;
        this.ready = new AtomicIntegerArray(blocks.size());
    }

    /**
     * Attaches the frame held by {@code region}, wrapping the mapping as a foreign allocation of
     * {@code mappingAllocator}, which should be dedicated to mappings. The frame takes its own reference on the region
     * (the caller may close its reference at once) and gives it back when the frame and every
     * batch it handed out are closed. Batches are checked on first use ({@link VerifyMode#FIRST_USE})
     * on coherent memory, and remembered by this frame only: use the other overload for frames of a
     * volume.
     *
     * @param name the frame's name, for messages
     * @param region the mapped frame, exactly its bytes
     * @param mappingAllocator the allocator the mapping is wrapped as a foreign allocation of
     * @return the attached frame, which the caller closes
     */
    public static Frame attach(String name, MappedRegion region, BufferAllocator mappingAllocator) {
        return attach(name, region, mappingAllocator, CachePolicy.COHERENT);
    }

    /**
     * Attaches a frame that is no frame of a volume's catalog yet (one a writer says it wrote, for
     * the master to check before it commits it) as {@link #attach(String, MappedRegion,
     * BufferAllocator)} does, invalidating what it reads under {@code policy}. What it checks is
     * remembered by this frame only: a name that comes to hold other bytes is never taken for
     * checked.
     *
     * @param name the frame's name, for messages
     * @param region the mapped frame, exactly its bytes
     * @param mappingAllocator the allocator the mapping is wrapped as a foreign allocation of
     * @param policy the memory's cache policy: how what is read is invalidated first
     * @return the attached frame, which the caller closes
     */
    public static Frame attach(String name, MappedRegion region, BufferAllocator mappingAllocator, CachePolicy policy) {
        return attach(name, null, region, mappingAllocator, VerifyMode.FIRST_USE, policy, FrameGuard.NONE);
    }

    /**
     * Attaches the frame {@code identity} names, held by {@code region}, as
     * {@link #attach(String, MappedRegion, BufferAllocator)} does, checking its batches as
     * {@code verify} says: batches that passed are recorded for the whole process under
     * {@code identity} while a frame of it is attached, and everything read from the mapping
     * (header, trailer, footer, each batch's message and body) is invalidated under {@code policy}
     * just before it is first read.
     *
     * @param identity what the frame is in this process: device, filesystem and famfs path (its name in messages)
     * @param region the mapped frame, exactly its bytes
     * @param mappingAllocator the allocator the mapping is wrapped as a foreign allocation of
     * @param verify whether batches are hashed on first use
     * @param policy the volume's cache policy: how what is read is invalidated first
     * @return the attached frame, which the caller closes
     */
    public static Frame attach(
            FrameIdentity identity,
            MappedRegion region,
            BufferAllocator mappingAllocator,
            VerifyMode verify,
            CachePolicy policy) {
        return attach(identity.path(), identity, region, mappingAllocator, verify, policy, FrameGuard.NONE);
    }

    /**
     * Attaches a frame of a volume as {@link #attach(FrameIdentity, MappedRegion, BufferAllocator,
     * VerifyMode, CachePolicy)} does, asking {@code guard} before every use of a batch (its
     * reader's lease: see {@link FrameGuard}).
     *
     * @param identity what the frame is in this process: device, filesystem and famfs path (its name in messages)
     * @param region the mapped frame, exactly its bytes
     * @param mappingAllocator the allocator the mapping is wrapped as a foreign allocation of
     * @param verify whether batches are hashed on first use
     * @param policy the volume's cache policy: how what is read is invalidated first
     * @param guard asked before each batch is used; what it throws reaches the reader
     * @return the attached frame, which the caller closes
     */
    public static Frame attach(
            FrameIdentity identity,
            MappedRegion region,
            BufferAllocator mappingAllocator,
            VerifyMode verify,
            CachePolicy policy,
            FrameGuard guard) {
        return attach(identity.path(), identity, region, mappingAllocator, verify, policy, guard);
    }

    private static Frame attach(
            String name,
            FrameIdentity identity,
            MappedRegion region,
            BufferAllocator mappingAllocator,
            VerifyMode verify,
            CachePolicy policy,
            FrameGuard guard) {
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(guard, "guard");
        long size = region.length();
        long minimum = FrameFormat.HEADER_SIZE + FrameFormat.TRAILER_SIZE;
        if (size < minimum) {
            throw corrupt(name, "too small for an Arrow file: size=" + size + " minimum=" + minimum);
        }
        region.invalidate(0, FrameFormat.HEADER_SIZE, policy);
        region.invalidate(size - FrameFormat.TRAILER_SIZE, FrameFormat.TRAILER_SIZE, policy);
        if (!Arrays.equals(region.copyOf(0, 6), FrameFormat.MAGIC)
                || !Arrays.equals(region.copyOf(size - 6, 6), FrameFormat.MAGIC)) {
            throw corrupt(name, "not an Arrow IPC file: magic missing at start or end");
        }
        int footerLength = region.getInt(size - FrameFormat.TRAILER_SIZE);
        long footerStart = size - FrameFormat.TRAILER_SIZE - footerLength;
        if (footerLength <= 0 || footerStart < FrameFormat.HEADER_SIZE) {
            throw corrupt(name, "footer length out of range: footer_length=" + footerLength + " size=" + size);
        }
        region.invalidate(footerStart, footerLength, policy);
        ArrowFooter footer;
        try {
            footer = new ArrowFooter(Footer.getRootAsFooter(
                    ByteBuffer.wrap(region.copyOf(footerStart, footerLength)).order(ByteOrder.LITTLE_ENDIAN)));
        } catch (RuntimeException e) {
            throw new CorruptFrameException("frame " + name + ": footer unreadable: " + e, e);
        }
        List<ArrowBlock> blocks = footer.getRecordBatches();
        for (int i = 0; i < blocks.size(); i++) {
            checkBlock(name, blocks.get(i), footerStart, "batch " + i);
        }
        Map<Long, Field> valueFields = new HashMap<>();
        Schema vectorSchema;
        try {
            vectorSchema = DictionaryFields.vectorSchema(footer.getSchema(), valueFields);
        } catch (IllegalArgumentException e) {
            throw corrupt(name, e.getMessage());
        }
        Map<String, String> metadata = footer.getMetaData() == null ? Map.of() : footer.getMetaData();
        Map<Long, DictionaryBlock> dictionaryBlocks =
                dictionaryBlocks(name, region, policy, footer.getDictionaries(), valueFields, metadata, footerStart);
        String json = metadata.get(FrameFormat.STATS_KEY);
        CheckedBatches checks = identity == null ? CheckedBatches.unshared() : CheckedBatches.acquire(identity);
        region.retain();
        try {
            ArrowBuf mapping = mappingAllocator.wrapForeignAllocation(new ForeignAllocation(size, region.address()) {
                @Override
                protected void release0() {
                    checks.release();
                    region.release();
                }
            });
            return new Frame(
                    name,
                    region,
                    mappingAllocator,
                    mapping,
                    footer.getSchema(),
                    vectorSchema,
                    List.copyOf(blocks),
                    dictionaryBlocks,
                    json,
                    checks,
                    verify,
                    policy,
                    guard);
        } catch (RuntimeException e) {
            checks.release();
            region.release();
            throw e;
        }
    }

    /**
     * A dictionary's block, its message's values batch, its values field and, if the footer has
     * it, its checksum.
     */
    private record DictionaryBlock(ArrowBlock block, RecordBatch data, Field encoded, Optional<Integer> crc32c) {}

    /**
     * The footer's dictionary blocks by id, each inside the file, its message read and checked
     * (metadata only: a few hundred bytes each), one whole dictionary (not a delta) for each
     * dictionary the schema names, and the checksum our writer lists for it.
     */
    private static Map<Long, DictionaryBlock> dictionaryBlocks(
            String name,
            MappedRegion region,
            CachePolicy policy,
            List<ArrowBlock> blocks,
            Map<Long, Field> valueFields,
            Map<String, String> metadata,
            long footerStart) {
        String json = metadata.get(FrameFormat.DICTIONARIES_KEY);
        List<DictionaryStats> stats = json == null ? List.of() : DictionaryStats.fromJson(name, json);
        if (json != null && stats.size() != blocks.size()) {
            throw corrupt(name, "checksums for " + stats.size() + " dictionaries, footer has " + blocks.size());
        }
        Map<Long, DictionaryBlock> byId = new HashMap<>();
        for (int k = 0; k < blocks.size(); k++) {
            ArrowBlock block = blocks.get(k);
            checkBlock(name, block, footerStart, "dictionary batch " + k);
            DictionaryMessage message = readDictionaryMessage(name, region, policy, block, k);
            Field encoded = valueFields.get(message.id());
            if (encoded == null) {
                throw corrupt(
                        name,
                        "dictionary batch " + k + " holds dictionary " + message.id()
                                + ", which no field of the schema uses");
            }
            if (byId.containsKey(message.id())) {
                throw corrupt(
                        name,
                        "dictionary " + message.id() + " has several batches: replacement or delta"
                                + " dictionaries are not attached zero-copy (import the file)");
            }
            if (!stats.isEmpty() && stats.get(k).id() != message.id()) {
                throw corrupt(
                        name,
                        "dictionary batch " + k + " holds dictionary " + message.id() + ", its checksum entry names "
                                + stats.get(k).id());
            }
            Optional<Integer> crc = stats.isEmpty()
                    ? Optional.empty()
                    : Optional.of(stats.get(k).crc32c());
            byId.put(message.id(), new DictionaryBlock(block, message.data(), encoded, crc));
        }
        for (long id : valueFields.keySet()) {
            if (!byId.containsKey(id)) {
                throw corrupt(name, "dictionary " + id + " is used by the schema but has no dictionary batch");
            }
        }
        return Map.copyOf(byId);
    }

    /** Block {@code what} must lie between the header and the footer. */
    private static void checkBlock(String name, ArrowBlock block, long footerStart, String what) {
        long offset = block.getOffset();
        long metadataLength = block.getMetadataLength();
        long bodyLength = block.getBodyLength();
        if (offset < FrameFormat.HEADER_SIZE
                || metadataLength < FrameFormat.PREFIX_SIZE
                || bodyLength < 0
                || offset > footerStart - metadataLength
                || offset + metadataLength > footerStart - bodyLength) {
            throw corrupt(
                    name,
                    what + " outside the file: offset=" + offset + " metadata=" + metadataLength + " body=" + bodyLength
                            + " footer_start=" + footerStart);
        }
    }

    /**
     * Reads and checks record batch {@code index}'s message (its bounds were checked at attach),
     * after invalidating it under {@code policy}: type, every buffer inside the body.
     */
    private static RecordBatch readMessage(
            String name, MappedRegion region, CachePolicy policy, ArrowBlock block, int index) {
        String what = "batch " + index;
        Message message = readMessage(name, region, policy, block, what);
        if (message.headerType() != MessageHeader.RecordBatch) {
            throw corrupt(name, what + " is not a record batch: header_type=" + message.headerType());
        }
        RecordBatch batch = header(name, what, () -> (RecordBatch) message.header(new RecordBatch()));
        checkBuffers(name, batch, block.getBodyLength(), what);
        return batch;
    }

    /** Dictionary batch {@code k}'s message: the dictionary's id and its values' record batch. */
    private record DictionaryMessage(long id, RecordBatch data) {}

    /** Reads and checks dictionary batch {@code k}'s message as {@link #readMessage} does a record batch's. */
    private static DictionaryMessage readDictionaryMessage(
            String name, MappedRegion region, CachePolicy policy, ArrowBlock block, int k) {
        String what = "dictionary batch " + k;
        Message message = readMessage(name, region, policy, block, what);
        if (message.headerType() != MessageHeader.DictionaryBatch) {
            throw corrupt(name, what + " is not a dictionary batch: header_type=" + message.headerType());
        }
        DictionaryBatch dictionary = header(name, what, () -> (DictionaryBatch) message.header(new DictionaryBatch()));
        RecordBatch data = header(name, what, dictionary::data);
        if (data == null) {
            throw corrupt(name, what + " has no data");
        }
        if (dictionary.isDelta()) {
            throw corrupt(name, what + " is a delta: delta dictionaries are not attached zero-copy (import the file)");
        }
        checkBuffers(name, data, block.getBodyLength(), what);
        return new DictionaryMessage(dictionary.id(), data);
    }

    /** What {@code read} reads from a message's flatbuffer; a malformed one is a {@link CorruptFrameException}. */
    private static <T> T header(String name, String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw new CorruptFrameException("frame " + name + ": " + what + " message unreadable: " + e, e);
        }
    }

    /** Reads a block's message after invalidating it: prefix, flatbuffer, body length. */
    private static Message readMessage(
            String name, MappedRegion region, CachePolicy policy, ArrowBlock block, String what) {
        long offset = block.getOffset();
        long metadataLength = block.getMetadataLength();
        long bodyLength = block.getBodyLength();
        region.invalidate(offset, metadataLength, policy);
        if (region.getInt(offset) != FrameFormat.CONTINUATION
                || region.getInt(offset + 4) != metadataLength - FrameFormat.PREFIX_SIZE) {
            throw corrupt(name, what + " message prefix invalid at offset=" + offset);
        }
        Message message;
        try {
            byte[] bytes =
                    region.copyOf(offset + FrameFormat.PREFIX_SIZE, (int) (metadataLength - FrameFormat.PREFIX_SIZE));
            message = Message.getRootAsMessage(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
            message.headerType();
        } catch (RuntimeException e) {
            throw new CorruptFrameException("frame " + name + ": " + what + " message unreadable: " + e, e);
        }
        if (message.bodyLength() != bodyLength) {
            throw corrupt(
                    name, what + " body length disagrees: message=" + message.bodyLength() + " footer=" + bodyLength);
        }
        return message;
    }

    /** Every buffer of {@code batch} must lie inside its body, and the batch must be uncompressed. */
    private static void checkBuffers(String name, RecordBatch batch, long bodyLength, String what) {
        try {
            if (batch.compression() != null) {
                throw corrupt(name, what + " is compressed; frames must be uncompressed (import it instead)");
            }
            for (int b = 0; b < batch.buffersLength(); b++) {
                long bufferOffset = batch.buffers(b).offset();
                long bufferLength = batch.buffers(b).length();
                if (bufferOffset < 0 || bufferLength < 0 || bufferOffset > bodyLength - bufferLength) {
                    throw corrupt(
                            name,
                            what + " buffer " + b + " outside its body: offset=" + bufferOffset + " length="
                                    + bufferLength + " body=" + bodyLength);
                }
            }
        } catch (CorruptFrameException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptFrameException("frame " + name + ": " + what + " message unreadable: " + e, e);
        }
    }

    private static CorruptFrameException corrupt(String name, String message) {
        return new CorruptFrameException("frame " + name + ": " + message);
    }

    /** {@return the frame's name, as given to attach} */
    public String name() {
        return name;
    }

    /**
     * {@return the frame's schema, as its footer has it} A dictionary-encoded field has its values'
     * type (and its {@code DictionaryEncoding}); {@link #batch} roots have {@link #vectorSchema()}.
     */
    public Schema schema() {
        return schema;
    }

    /** {@return the schema of the roots {@link #batch} gives: a dictionary-encoded field has its index type} */
    public Schema vectorSchema() {
        return vectorSchema;
    }

    /** {@return the number of record batches in the frame} */
    public int batchCount() {
        return blocks.size();
    }

    /**
     * Rows in batch {@code index}, from its message.
     *
     * @param index the batch, from 0
     * @return the batch's row count
     */
    public long rows(int index) {
        return message(index).length();
    }

    /** {@return the rows in every batch together} */
    public long rows() {
        long rows = 0;
        for (int i = 0; i < blocks.size(); i++) {
            rows += rows(i);
        }
        return rows;
    }

    /** {@return how this frame's batches are checked before use} */
    public VerifyMode verifyMode() {
        return verify;
    }

    /** {@return the bytes of the frame in shared memory} */
    public long bytes() {
        return region.length();
    }

    /**
     * Statistics of batch {@code index}.
     *
     * @param index the batch, from 0
     * @return the batch's statistics; empty for a frame written without them
     */
    public Optional<BatchStats> stats(int index) {
        return stats().map(all -> all.get(index));
    }

    /** Every batch's statistics, parsed from the footer on first use; empty if there are none. */
    private synchronized Optional<List<BatchStats>> stats() {
        if (stats == null && statsJson != null) {
            List<BatchStats> parsed = BatchStats.fromJson(statsJson);
            if (parsed.size() != blocks.size()) {
                throw corrupt(name, "statistics for " + parsed.size() + " batches, footer has " + blocks.size());
            }
            stats = parsed;
        }
        return Optional.ofNullable(stats);
    }

    /** Batch {@code index}'s message, read and checked on first use. */
    private synchronized RecordBatch message(int index) {
        checkOpen();
        RecordBatch message = messages[index];
        if (message == null) {
            message = readMessage(name, region, policy, blocks.get(index), index);
            messages[index] = message;
        }
        return message;
    }

    /**
     * Batch {@code index} as a new root whose buffers point into the mapping, validated first
     * (buffer sizes and every offset: nothing in it can point outside its buffers). The root
     * lives on the mapping allocator and holds only slices of the mapping; the caller closes it.
     *
     * @param index the batch, from 0
     * @return the batch, which the caller closes
     */
    public VectorSchemaRoot batch(int index) {
        return batch(index, null);
    }

    /**
     * Like {@link #batch(int)}, keeping only the schema's columns at {@code columns} (null for
     * all). Only the kept columns are validated: a scan that needs one column of a wide batch
     * does not walk the offsets of the others.
     *
     * @param index the batch, from 0
     * @param columns indexes of the schema's fields to keep, in the order wanted; null for all
     * @return the batch, which the caller closes
     */
    public VectorSchemaRoot batch(int index, int[] columns) {
        ArrowRecordBatch batch = recordBatch(index);
        VectorSchemaRoot root = VectorSchemaRoot.create(vectorSchema, mappingAllocator);
        try (batch) {
            new VectorLoader(root).load(batch);
            if (columns != null) {
                root = select(root, columns);
            }
            BatchValidator.validate(root);
            checkCodes(root);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e instanceof CorruptFrameException
                    ? e
                    : new CorruptFrameException(
                            "frame " + name + ": batch " + index + " invalid: " + e.getMessage(), e);
        }
    }

    /** A root of {@code all}'s vectors at {@code columns}; the other vectors are closed. */
    private static VectorSchemaRoot select(VectorSchemaRoot all, int[] columns) {
        List<FieldVector> kept = new ArrayList<>(columns.length);
        List<Field> fields = new ArrayList<>(columns.length);
        Set<FieldVector> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int column : columns) {
            kept.add(all.getVector(column));
            keep.add(all.getVector(column));
            fields.add(all.getSchema().getFields().get(column));
        }
        for (FieldVector vector : all.getFieldVectors()) {
            if (!keep.contains(vector)) {
                vector.close();
            }
        }
        return new VectorSchemaRoot(fields, kept, all.getRowCount());
    }

    /**
     * Dictionary {@code id} as a vector over the mapping, loaded on first use: its body is
     * invalidated under the volume's {@link CachePolicy}, hashed against its CRC32C under {@link
     * VerifyMode#FIRST_USE}, and the vector validated (every offset inside its buffers). Owned by
     * the frame (closed with it); exported columns retain its buffers themselves.
     *
     * @param id the dictionary's id, as a field's {@code DictionaryEncoding} names it
     * @return the dictionary, its vector over shared memory
     * @throws IllegalArgumentException if the frame has no such dictionary
     * @throws CorruptFrameException if the dictionary fails its checksum or validation, or has no
     *     checksum under {@link VerifyMode#FIRST_USE}
     */
    public synchronized Dictionary dictionary(long id) {
        checkOpen();
        Dictionary loaded = dictionaries.get(id);
        if (loaded != null) {
            return loaded;
        }
        DictionaryBlock block = dictionaryBlocks.get(id);
        if (block == null) {
            throw new IllegalArgumentException("frame " + name + " has no dictionary " + id);
        }
        guard.check();
        String what = "dictionary " + id;
        long start = block.block().getOffset() + block.block().getMetadataLength();
        long length = block.block().getBodyLength();
        BatchChecks.invalidate(region, policy, start, length);
        if (verify != VerifyMode.OFF) {
            int stored = block.crc32c()
                    .orElseThrow(() ->
                            corrupt(name, what + " has no checksum: not written by arrow-famfs (verify=off reads it)"));
            int computed = BatchChecks.hash(mapping, start, length);
            if (computed != stored) {
                guard.check();
                throw corrupt(
                        name,
                        what + " fails its checksum: stored=" + BatchStats.hex(stored) + " computed="
                                + BatchStats.hex(computed));
            }
        }
        VectorSchemaRoot root = VectorSchemaRoot.create(
                new Schema(List.of(DictionaryFields.values(block.encoded()))), mappingAllocator);
        try (ArrowRecordBatch batch = bodyBatch(block.block(), block.data(), what)) {
            new VectorLoader(root).load(batch);
            BatchValidator.validate(root);
        } catch (RuntimeException e) {
            root.close();
            throw e instanceof CorruptFrameException
                    ? e
                    : new CorruptFrameException("frame " + name + ": " + what + " invalid: " + e.getMessage(), e);
        }
        loaded = new Dictionary(root.getVector(0), block.encoded().getDictionary());
        dictionaries.put(id, loaded);
        return loaded;
    }

    /** Dictionary {@code id}'s values batch over the mapping, for a reader to load; checked as {@link #dictionary} says. */
    synchronized ArrowRecordBatch dictionaryBatch(long id) {
        dictionary(id);
        DictionaryBlock block = dictionaryBlocks.get(id);
        return bodyBatch(block.block(), block.data(), "dictionary " + id);
    }

    /**
     * Checks that every valid code of each dictionary-encoded vector of {@code root} names a value
     * of its dictionary: a consumer indexes the dictionary with them unchecked.
     */
    void checkCodes(VectorSchemaRoot root) {
        for (FieldVector vector : root.getFieldVectors()) {
            DictionaryEncoding encoding = vector.getField().getDictionary();
            if (encoding != null) {
                BatchValidator.codes(
                        vector, dictionary(encoding.getId()).getVector().getValueCount());
            }
        }
    }

    /** {@return what is asked before each batch is used: for a frame of a volume, its reader's lease} */
    public FrameGuard guard() {
        return guard;
    }

    /**
     * The frame's batches as an {@link ArrowReader} over shared memory (zero-copy, each batch
     * validated as it is loaded), for APIs that consume readers. Close it before the frame.
     *
     * @return a reader of every batch, in order
     */
    public ArrowReader reader() {
        checkOpen();
        return new FrameReader(this, mappingAllocator);
    }

    /** The raw record batch (buffers are slices of the mapping), checked first; the caller closes it. */
    ArrowRecordBatch recordBatch(int index) {
        checkBatch(index);
        return sliceBatch(index);
    }

    private synchronized ArrowRecordBatch sliceBatch(int index) {
        checkOpen();
        return bodyBatch(blocks.get(index), message(index), "batch " + index);
    }

    /** The batch {@code message} describes, its buffers slices of {@code block}'s body in the mapping. */
    private ArrowRecordBatch bodyBatch(ArrowBlock block, RecordBatch message, String what) {
        ArrowBuf body = mapping.slice(block.getOffset() + block.getMetadataLength(), block.getBodyLength());
        body.getReferenceManager().retain(); // deserializeRecordBatch releases the body once
        try {
            return MessageSerializer.deserializeRecordBatch(message, body);
        } catch (IOException | RuntimeException e) {
            body.getReferenceManager().release();
            throw new CorruptFrameException("frame " + name + ": " + what + " unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Checks batch {@code index} before it is used, as every use does: first asks the frame's
     * guard whether its bytes may still be read (its reader's lease); then, unless this process already
     * made the batch ready, invalidates the body's cache lines (non-coherent memory) and, under
     * {@link VerifyMode#FIRST_USE}, hashes it against its CRC32C. Threads using the same batch for
     * the first time at once may both do it; none returns before it was done. Hashing holds no lock
     * of the frame's: other batches are used meanwhile.
     *
     * @param index the batch, from 0
     * @throws CorruptBatchException if the body does not match its checksum
     * @throws CorruptFrameException if the frame has no checksums (not written by arrow-famfs)
     * @throws ResourceClosedException if the frame is closed
     * @throws RuntimeException what the guard throws: for a frame of a volume, a {@code
     *     io.arrowfamfs.hosts.LeaseExpiredException} once the reader's lease ran out
     */
    public void checkBatch(int index) {
        Objects.checkIndex(index, blocks.size());
        guard.check();
        if (ready.get(index) != 0) {
            return;
        }
        if (checks.ready(index, verify)) {
            ready.set(index, 1);
            return;
        }
        if (verify == VerifyMode.OFF) {
            onBody(index, (start, length) -> {
                BatchChecks.invalidate(region, policy, start, length);
                return 0;
            });
            ready.set(index, 1);
            checks.recordInvalidated(index);
        } else {
            hashAndCompare(index);
        }
    }

    /** Invalidates and hashes batch {@code index}'s body and compares it with the footer's CRC32C; records a pass. */
    private void hashAndCompare(int index) {
        int stored = stats(index)
                .orElseThrow(() -> corrupt(
                        name, "batch " + index + " has no checksum: not written by arrow-famfs (verify=off reads it)"))
                .crc32c();
        int computed = (int) onBody(index, (start, length) -> {
            BatchChecks.invalidate(region, policy, start, length);
            return BatchChecks.hash(mapping, start, length);
        });
        if (computed != stored) {
            guard.check(); // a reader paused mid-hash past its lease read reused bytes: that error, not corruption
            throw new CorruptBatchException(name, index, stored, computed);
        }
        ready.set(index, 1);
        checks.record(index);
    }

    /** Applies {@code use} to batch {@code index}'s body range while a reference keeps the region mapped. */
    private long onBody(int index, LongBinaryOperator use) {
        ArrowBlock block = blocks.get(index);
        synchronized (this) {
            checkOpen();
            mapping.getReferenceManager().retain(); // keeps the region mapped if the frame closes meanwhile
        }
        try {
            return use.applyAsLong(block.getOffset() + block.getMetadataLength(), block.getBodyLength());
        } finally {
            mapping.getReferenceManager().release();
        }
    }

    /**
     * Reads every batch body and checks it against its CRC32C, whatever was checked before;
     * throws on the first mismatch. Batches that pass count as checked for {@link #checkBatch}.
     *
     * @throws CorruptBatchException if a body does not match its checksum
     * @throws CorruptFrameException if the frame has no checksums
     * @throws ResourceClosedException if the frame is closed
     */
    public void verify() {
        checkOpen();
        if (stats().isEmpty()) {
            throw corrupt(name, "no checksums: not written by arrow-famfs");
        }
        for (int i = 0; i < blocks.size(); i++) {
            hashAndCompare(i);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ResourceClosedException("frame " + name);
        }
    }

    /** Releases the frame's hold on the mapping; batches still open keep it mapped until they close. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            dictionaries.values().forEach(dictionary -> dictionary.getVector().close());
            dictionaries.clear();
            mapping.getReferenceManager().release();
        }
    }
}
