package io.arrowfamfs.nativeio;

/**
 * One piece of a stitched mapping: {@code length} bytes of the file at {@code fileOffset}
 * appear at {@code regionOffset} of the mapped region. Offsets and length are page-aligned.
 *
 * @param regionOffset where the piece appears in the region
 * @param fileOffset where the piece is in the file
 * @param length the piece's length in bytes, at least one page
 */
public record MapPiece(long regionOffset, long fileOffset, long length) {
    /**
     * Checks that offsets and length are page-aligned and the length positive.
     *
     * @param regionOffset where the piece appears in the region
     * @param fileOffset where the piece is in the file
     * @param length the piece's length in bytes, at least one page
     */
    public MapPiece {
        if (regionOffset < 0
                || fileOffset < 0
                || length <= 0
                || ((regionOffset | fileOffset | length) & (NativeFile.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("map piece not page aligned: regionOffset=" + regionOffset
                    + " fileOffset=" + fileOffset + " length=" + length);
        }
    }
}
