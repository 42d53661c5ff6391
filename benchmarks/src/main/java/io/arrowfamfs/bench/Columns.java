package io.arrowfamfs.bench;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Benchmark data: one int64 column, {@code rows} values derived from {@code seed}. */
final class Columns {
    static final int BATCH_ROWS = 1 << 20;

    private Columns() {}

    static VectorSchemaRoot int64(BufferAllocator allocator, int rows, long seed) {
        BigIntVector value = new BigIntVector("value", allocator);
        value.allocateNew(rows);
        long x = seed;
        for (int i = 0; i < rows; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            value.set(i, x >>> 17);
        }
        value.setValueCount(rows);
        VectorSchemaRoot root = VectorSchemaRoot.of(value);
        root.setRowCount(rows);
        return root;
    }
}
