package io.arrowfamfs.cdata;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * One column of one record batch, pinned for export through the Arrow C data interface: its
 * buffers' addresses in C data order, written once into native memory, and a reference on each
 * buffer that keeps it alive until {@link #close}. Children (list items, struct fields) are
 * chunks too. Pin only validated vectors (see {@code Frame.batch}): a consumer reads these
 * buffers as the vector describes them.
 */
public final class ColumnChunk implements AutoCloseable {
    private final long length;
    private final long nullCount;
    private final int bufferCount;
    private final ArrowBuf bufferAddresses;
    private final List<ArrowBuf> pinned;
    private final List<ColumnChunk> children;
    /** The pinned dictionary of a dictionary-encoded column (its indexes are this chunk), not owned; else null. */
    private final ColumnChunk dictionary;

    private final long bytes;
    /** This chunk's codes as plain integers, made on first use: a view of this chunk's buffers. */
    private ColumnChunk codes;
    /** True for such a view, which pins nothing of its own. */
    private final boolean view;

    private boolean closed;

    private ColumnChunk(FieldVector vector, ColumnChunk dictionary, BufferAllocator allocator) {
        if ((vector.getField().getDictionary() != null) != (dictionary != null)) {
            throw new IllegalArgumentException("column " + vector.getName() + " is "
                    + (dictionary == null ? "dictionary-encoded: pin its dictionary too" : "not dictionary-encoded"));
        }
        this.dictionary = dictionary;
        this.view = false;
        this.length = vector.getValueCount();
        this.nullCount = vector.getNullCount();
        this.bufferCount = vector.getExportedCDataBufferCount();
        this.pinned = new ArrayList<>(bufferCount);
        this.children = new ArrayList<>();
        this.bufferAddresses = allocator.buffer(Math.max(1, bufferCount) * (long) ArrowArrayLayout.POINTER);
        try {
            vector.exportCDataBuffers(pinned, bufferAddresses, 0L);
            for (FieldVector child : vector.getChildrenFromFields()) {
                children.add(new ColumnChunk(child, null, allocator));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        long sum = 0;
        for (ArrowBuf buffer : pinned) {
            sum += buffer == null ? 0 : buffer.capacity();
        }
        for (ColumnChunk child : children) {
            sum += child.bytes;
        }
        this.bytes = sum;
    }

    /** A view of {@code indexes}' buffers as a plain integer column. */
    private ColumnChunk(ColumnChunk indexes) {
        this.length = indexes.length;
        this.nullCount = indexes.nullCount;
        this.bufferCount = indexes.bufferCount;
        this.bufferAddresses = indexes.bufferAddresses;
        this.pinned = List.of();
        this.children = List.of();
        this.dictionary = null;
        this.bytes = indexes.bytes;
        this.view = true;
    }

    /**
     * Pins {@code vector}'s buffers (and its children's); native bookkeeping comes from {@code allocator}.
     *
     * @param vector a validated vector, not dictionary-encoded
     * @param allocator where the buffer-address arrays are allocated
     * @return the pinned column, which the caller closes
     */
    public static ColumnChunk pin(FieldVector vector, BufferAllocator allocator) {
        return new ColumnChunk(vector, null, allocator);
    }

    /**
     * Pins a dictionary-encoded column's indexes, exported with {@code dictionary} as their
     * dictionary: every batch of a frame shares its frame's pinned dictionary, so a consumer that
     * caches a dictionary by its array (DuckDB) converts it once.
     *
     * @param indexes a validated index vector whose every valid index lies inside the dictionary
     * @param dictionary the pinned dictionary values; must outlive this chunk (the caller closes it)
     * @param allocator where the buffer-address arrays are allocated
     * @return the pinned column, which the caller closes
     */
    public static ColumnChunk pin(FieldVector indexes, ColumnChunk dictionary, BufferAllocator allocator) {
        return new ColumnChunk(indexes, Objects.requireNonNull(dictionary, "dictionary"), allocator);
    }

    /** {@return the number of values in the column} */
    public long length() {
        return length;
    }

    /** {@return the bytes of this column's buffers, children included} */
    public long bytes() {
        return bytes;
    }

    long nullCount() {
        return nullCount;
    }

    int bufferCount() {
        return bufferCount;
    }

    long bufferAddresses() {
        return bufferAddresses.memoryAddress();
    }

    List<ColumnChunk> children() {
        return children;
    }

    /** The dictionary this chunk indexes, or null. */
    ColumnChunk dictionary() {
        return dictionary;
    }

    /**
     * This dictionary-encoded column's codes as a plain integer column of its index type: the same
     * buffers, exported without the dictionary. Valid while this chunk is open; closing it does
     * nothing.
     *
     * @return the codes
     * @throws IllegalStateException if the column is not dictionary-encoded
     */
    public synchronized ColumnChunk codes() {
        if (dictionary == null) {
            throw new IllegalStateException("not a dictionary-encoded column: it has no codes");
        }
        if (codes == null) {
            codes = new ColumnChunk(this);
        }
        return codes;
    }

    /** Releases the pins; arrays exported from this chunk must no longer be reachable by any consumer. */
    @Override
    public void close() {
        if (closed || view) {
            return;
        }
        closed = true;
        for (ColumnChunk child : children) {
            child.close();
        }
        for (ArrowBuf buffer : pinned) {
            if (buffer != null) {
                buffer.getReferenceManager().release();
            }
        }
        bufferAddresses.close();
    }
}
