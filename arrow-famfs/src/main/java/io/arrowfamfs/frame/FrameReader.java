package io.arrowfamfs.frame;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A frame's batches as an {@link ArrowReader}, zero-copy: each {@link #loadNextBatch()} points
 * the reader's root at the next batch in shared memory and validates it. The reader does not own
 * the frame: close the frame after the reader.
 */
final class FrameReader extends ArrowReader {
    private final Frame frame;
    private int next;
    private long bytesRead;

    FrameReader(Frame frame, BufferAllocator mappingAllocator) {
        super(mappingAllocator);
        this.frame = frame;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareLoadNextBatch();
        if (next >= frame.batchCount()) {
            return false;
        }
        if (next == 0) {
            loadDictionaries();
        }
        ArrowRecordBatch batch = frame.recordBatch(next);
        bytesRead += batch.computeBodyLength();
        try {
            loadRecordBatch(batch);
            BatchValidator.validate(getVectorSchemaRoot());
            frame.checkCodes(getVectorSchemaRoot());
        } catch (RuntimeException e) {
            getVectorSchemaRoot().clear();
            throw e instanceof CorruptFrameException
                    ? e
                    : new CorruptFrameException(
                            "frame " + frame.name() + ": batch " + next + " invalid: " + e.getMessage(), e);
        }
        next++;
        return true;
    }

    /** Points the reader's dictionaries at the frame's, in shared memory. */
    private void loadDictionaries() {
        for (long id : getDictionaryIds()) {
            try (ArrowDictionaryBatch dictionary = new ArrowDictionaryBatch(id, frame.dictionaryBatch(id), false)) {
                loadDictionary(dictionary);
            }
        }
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    protected void closeReadSource() {
        // the frame belongs to the caller
    }

    @Override
    protected Schema readSchema() {
        return frame.schema();
    }
}
