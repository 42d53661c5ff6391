package io.arrowfamfs.nativeio;

/**
 * One piece of a stitched mapping: {@code length} bytes of the file at {@code fileOffset}
 * appear at {@code regionOffset} of the mapped region. Offsets and length are page-aligned.
 */
public record MapPiece(long regionOffset, long fileOffset, long length) {
    public MapPiece {
        if (regionOffset < 0 || fileOffset < 0 || length <= 0
                || ((regionOffset | fileOffset | length) & (NativeFile.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("map piece not page aligned: regionOffset=" + regionOffset
                    + " fileOffset=" + fileOffset + " length=" + length);
        }
    }
}
