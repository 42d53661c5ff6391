package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.famfs.FamfsNode;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.FsckReport.Finding;
import io.arrowfamfs.famfs.FsckReport.Severity;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What fsck reports about tables: frame files that famfs allocated but no commit references.
 * They are what a writer killed between writing a frame and committing it leaves behind: not
 * damage, only space famfs cannot give back.
 */
public final class CatalogCheck {
    private CatalogCheck() {}

    /**
     * fsck's view of the tables on {@code device}, read-only from a throwaway client node:
     * a damaged catalog is damage; frames no commit references are noted with their bytes, and
     * so are the bytes dropped tables still hold.
     *
     * @param device the famfs device (or emulated device file) to check; only read
     * @return the findings, empty when the tables are clean; never throws for a damaged catalog
     */
    public static List<Finding> check(Path device) {
        List<Finding> findings = new ArrayList<>();
        NodeId observer = new NodeId(UUID.randomUUID(), "fsck");
        try (Volume volume = Volume.open(device, VolumeOptions.of(observer));
                Catalog catalog = Catalog.open(volume)) {
            CatalogSnapshot snapshot = catalog.snapshot();
            for (FamfsFile orphan : orphans(volume, snapshot)) {
                findings.add(
                        new Finding(
                                Severity.NOTE,
                                "catalog",
                                "orphan frame: path=" + orphan.relpath() + " bytes=" + orphan.size()
                                        + " (not committed: a copy in progress, or a writer that stopped; famfs cannot free it)"));
            }
            if (snapshot.unreclaimableBytes() > 0) {
                findings.add(new Finding(
                        Severity.NOTE,
                        "catalog",
                        "dropped tables hold bytes=" + snapshot.unreclaimableBytes() + " that famfs cannot free"));
            }
        } catch (ArrowFamfsException e) {
            findings.add(new Finding(Severity.DAMAGE, "catalog", e.getMessage()));
        }
        return findings;
    }

    /**
     * Files under the frames directory that no commit of {@code snapshot} references.
     *
     * @param volume the open volume whose namespace to look in, as of its last replay
     * @param snapshot a snapshot of the volume's catalog, which should be at least as new as the namespace
     * @return the orphan frame files in path order; empty when there are none or no frames directory
     */
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
