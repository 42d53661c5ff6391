/**
 * Arrow frames in famfs: a {@link io.arrowfamfs.frame.FrameBuilder} lays batches out as a
 * standard Arrow IPC file of exactly known size and writes it straight into a famfs file's
 * mapping; {@link io.arrowfamfs.frame.Frame#attach} maps a published frame read-only and hands
 * out Arrow vectors whose buffers point into the shared memory.
 *
 * <p><b>Format.</b> Plain Arrow IPC file format (any Arrow library reads it), uncompressed, with
 * every buffer 64-byte aligned in the file and our per-batch statistics and CRC32C in the
 * footer's custom metadata ({@link io.arrowfamfs.frame.FrameFormat}).
 *
 * <p><b>Trust.</b> A mapped frame is untrusted input. Attach checks the magic, the footer, every
 * block and every buffer against the mapping before anything is wrapped; each batch's buffer
 * sizes and offsets are checked before it is handed out, so no consumer can read outside it.
 * Before that, the first time a process uses a batch, its body is invalidated (non-coherent
 * memory) and checked against its CRC32C, once per batch while the frame is attached in the
 * process ({@link io.arrowfamfs.frame.VerifyMode}, {@link io.arrowfamfs.frame.FrameIdentity}).
 * Errors are {@link io.arrowfamfs.frame.CorruptFrameException}, and
 * {@link io.arrowfamfs.frame.CorruptBatchException} for a checksum mismatch.
 *
 * <p><b>Ownership.</b> A {@link io.arrowfamfs.frame.Frame} holds one reference on its mapping
 * for as long as any vector it handed out is alive; closing the frame and every batch unmaps it.
 */
package io.arrowfamfs.frame;
