/**
 * Shared-frame batches handed to native consumers through the Arrow C data interface, zero-copy
 * and without calling back into the JVM: {@link io.arrowfamfs.cdata.ColumnChunk} pins one
 * validated column of one batch, {@link io.arrowfamfs.cdata.BatchSlice} selects rows of a batch,
 * and {@link io.arrowfamfs.cdata.BorrowedArrayStream} lays the {@code struct ArrowArray}s out in
 * native memory behind a stream whose {@code get_next} runs in native code
 * ({@code src/main/c/stream.c}).
 */
package io.arrowfamfs.cdata;
