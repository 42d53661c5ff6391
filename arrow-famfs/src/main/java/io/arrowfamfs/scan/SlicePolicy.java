package io.arrowfamfs.scan;

/**
 * How a {@link TableScan} cuts kept batches into {@link ScanSlice}s: into slices of equal rows so
 * that a scan has at least {@code minSlices} (units of parallel work), none smaller than
 * {@code minSliceRows} (each slice costs a consumer some setup). A slice never spans batches.
 *
 * @param minSlices how many slices a scan should have at least, when its batches allow
 * @param minSliceRows the fewest rows a slice cut from a batch has (the batch's last one aside)
 */
public record SlicePolicy(int minSlices, long minSliceRows) {
    /**
     * Checks both are positive.
     *
     * @param minSlices how many slices a scan should have at least
     * @param minSliceRows the fewest rows a slice cut from a batch has
     */
    public SlicePolicy {
        if (minSlices < 1 || minSliceRows < 1) {
            throw new IllegalArgumentException(
                    "slice policy invalid: minSlices=" + minSlices + " minSliceRows=" + minSliceRows);
        }
    }

    /**
     * The rows of each slice (but a batch's last) in a scan.
     *
     * @param totalRows the rows of every kept batch
     * @return the rows of a slice
     */
    public long sliceRows(long totalRows) {
        return Math.max(minSliceRows, (totalRows + minSlices - 1) / minSlices);
    }
}
