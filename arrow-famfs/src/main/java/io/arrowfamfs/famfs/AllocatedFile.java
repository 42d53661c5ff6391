package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file {@link Volume#allocateFile} logged whose bytes are not written yet: the single-use
 * permission to write them once with {@link Volume#writeContents}. Only a token the volume
 * handed out can be written, so committed files (frames, the catalog) can never be overwritten
 * through that method. Thread-safe.
 */
public final class AllocatedFile {
    private final Volume volume;
    private final FamfsFile file;
    private final AtomicBoolean used = new AtomicBoolean();

    AllocatedFile(Volume volume, FamfsFile file) {
        this.volume = volume;
        this.file = file;
    }

    /** {@return the file as logged in famfs} */
    public FamfsFile file() {
        return file;
    }

    /** Claims the token for {@code writer}: throws if it is another volume's or was used already. */
    void claim(Volume writer) {
        if (writer != volume) {
            throw new IllegalArgumentException("file allocated by another volume: path=" + file.relpath() + " device="
                    + volume.path() + " writer_device=" + writer.path());
        }
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("file contents already written: path=" + file.relpath() + " device="
                    + volume.path() + "; an allocated file is written once");
        }
    }

    @Override
    public String toString() {
        return "AllocatedFile[" + file.relpath() + (used.get() ? ", written" : "") + "]";
    }
}
