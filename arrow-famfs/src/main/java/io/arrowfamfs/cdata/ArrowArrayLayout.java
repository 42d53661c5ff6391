package io.arrowfamfs.cdata;

/**
 * {@code struct ArrowArray} of the Arrow C data interface (ABI-stable; 64-bit Linux):
 *
 * <pre>
 *  0  int64   length
 *  8  int64   null_count     (-1: unknown)
 * 16  int64   offset         (logical, in elements; applies to this array's buffers only)
 * 24  int64   n_buffers
 * 32  int64   n_children
 * 40  void**  buffers
 * 48  ArrowArray** children
 * 56  ArrowArray*  dictionary
 * 64  void (*release)(ArrowArray*)
 * 72  void*   private_data
 * 80  (size)
 * </pre>
 */
final class ArrowArrayLayout {
    static final int LENGTH = 0;
    static final int NULL_COUNT = 8;
    static final int OFFSET = 16;
    static final int N_BUFFERS = 24;
    static final int N_CHILDREN = 32;
    static final int BUFFERS = 40;
    static final int CHILDREN = 48;
    static final int DICTIONARY = 56;
    static final int RELEASE = 64;
    static final int PRIVATE_DATA = 72;
    static final int SIZE = 80;

    static final int POINTER = 8;
    static final long UNKNOWN_NULL_COUNT = -1;

    private ArrowArrayLayout() {}
}
