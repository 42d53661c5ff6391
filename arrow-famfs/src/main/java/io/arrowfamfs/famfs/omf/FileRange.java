package io.arrowfamfs.famfs.omf;

/** {@code length} bytes of a file starting at {@code fileOffset} live at device byte {@code deviceOffset}. */
public record FileRange(long fileOffset, long deviceOffset, long length) {}
