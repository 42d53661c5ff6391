package io.arrowfamfs.frame;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * One dictionary serialized as a frame's dictionary batch: its message and its body, copied onto
 * the heap with the body's CRC32C. A dictionary holds at most the distinct values of a column, so
 * the copy is small next to the batches; it also lets a builder plan its footer (which holds the
 * checksum) before anything is written.
 *
 * @param id the dictionary's id
 * @param values the dictionary's value count
 * @param message the DictionaryBatch message flatbuffer
 * @param body the body as stored: each buffer at a multiple of 64 bytes, zero padding between
 * @param crc32c the body's checksum
 */
record EncodedDictionary(long id, long values, ByteBuffer message, byte[] body, int crc32c) {
    /** Serializes {@code dictionary}'s vector as dictionary batch {@code id} (never a delta). */
    static EncodedDictionary of(long id, FieldVector dictionary) {
        VectorSchemaRoot root = new VectorSchemaRoot(List.of(dictionary));
        try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
            List<ArrowBuf> buffers = batch.getBuffers();
            long[] offsets = FrameFormat.bodyOffsets(buffers);
            long length = offsets[buffers.size()];
            byte[] body = new byte[Math.toIntExact(length)];
            for (int i = 0; i < buffers.size(); i++) {
                ArrowBuf buffer = buffers.get(i);
                buffer.getBytes(buffer.readerIndex(), body, (int) offsets[i], (int) buffer.readableBytes());
            }
            CRC32C crc = new CRC32C();
            crc.update(body);
            FlatBufferBuilder builder = new FlatBufferBuilder();
            int recordBatch = FrameBuilder.recordBatchTable(builder, batch, offsets);
            int header = DictionaryBatch.createDictionaryBatch(builder, id, recordBatch, false);
            ByteBuffer message = MessageSerializer.serializeMessage(
                    builder, MessageHeader.DictionaryBatch, header, length, IpcOption.DEFAULT);
            return new EncodedDictionary(id, dictionary.getValueCount(), message, body, (int) crc.getValue());
        }
    }

    /** {@return the bytes of the block: prefix, message padded so the body starts at a multiple of 64, body} */
    long blockLength() {
        return metadataLength() + body.length;
    }

    /** {@return the prefix and the message, padded to a multiple of 64} */
    int metadataLength() {
        return (int) FrameFormat.align(FrameFormat.PREFIX_SIZE + message.remaining());
    }

    DictionaryStats stats() {
        return new DictionaryStats(id, values, crc32c);
    }
}
