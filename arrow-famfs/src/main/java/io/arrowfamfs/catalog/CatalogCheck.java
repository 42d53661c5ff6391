package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.FamfsNode;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Volume;
import java.util.ArrayList;
import java.util.List;

/**
 * What fsck reports about tables: frame files that famfs allocated but no commit references.
 * They are what a writer killed between writing a frame and committing it leaves behind: not
 * damage, only space famfs cannot give back.
 */
public final class CatalogCheck {
    private CatalogCheck() {}

    /** Files under the frames directory that no commit of {@code snapshot} references. */
    public static List<FamfsFile> orphans(Volume volume, CatalogSnapshot snapshot) {
        List<FamfsFile> orphans = new ArrayList<>();
        if (volume.namespace().lookup(CatalogDescriptor.FRAMES_DIR).isEmpty()) {
            return orphans;
        }
        for (FamfsNode node : volume.namespace().list(CatalogDescriptor.FRAMES_DIR)) {
            if (node instanceof FamfsFile file && !snapshot.committedPaths().contains(file.relpath())) {
                orphans.add(file);
            }
        }
        return orphans;
    }
}
