package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.Volume;

/**
 * The catalog's commit count as the host agent reads it at each heartbeat ("seen"), through its
 * own mapping of the catalog file, so that it keeps working while frames attached through a
 * closed catalog hold the host services. 0 until the volume has a catalog (nothing to reclaim
 * then). Thread-safe.
 */
final class CountReader implements AutoCloseable {
    private final Volume volume;
    private CatalogFile file;
    private boolean closed;

    CountReader(Volume volume) {
        this.volume = volume;
    }

    synchronized long count() {
        if (closed) {
            throw new IllegalStateException("catalog count reader closed");
        }
        if (file == null) {
            file = CatalogFile.attach(volume, volume.refresh()).orElse(null);
            if (file == null) {
                return 0;
            }
        }
        return file.count();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
