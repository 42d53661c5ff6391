package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.famfs.FamfsNode;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.FsckReport.Finding;
import io.arrowfamfs.famfs.FsckReport.Severity;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.SpaceReport.PoolSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * What fsck checks about tables and pools: the catalog replays (every record consistent with
 * the space), no live frame lies in free space, no two live frames overlap, and every committed
 * frame's batches pass their CRC32C; it notes orphaned space (written, never published) per pool,
 * and the files a format-1 catalog left, which famfs cannot free. On a volume in use, a frame
 * retired after the snapshot the check reads is no longer live and is not read.
 */
public final class CatalogCheck {
    private CatalogCheck() {}

    /**
     * fsck's view of the tables on {@code device}, read-only from a throwaway client node.
     *
     * @param device the famfs device (or emulated device file) to check; only read
     * @return the findings, empty when the tables are clean; never throws for a damaged catalog
     */
    public static List<Finding> check(Path device) {
        return check(device, new NodeId(UUID.randomUUID(), "fsck"));
    }

    /**
     * {@link #check(Path)} as {@code observer}: for tests that check a volume many times from
     * one reader host instead of joining a new host each time.
     */
    static List<Finding> check(Path device, NodeId observer) {
        List<Finding> findings = new ArrayList<>();
        try (Volume volume = Volume.open(device, VolumeOptions.of(observer));
                Catalog catalog = Catalog.open(volume);
                BufferAllocator allocator = new RootAllocator()) {
            CatalogSnapshot snapshot = catalog.snapshot();
            List<Placed> live = liveFrames(snapshot);
            checkPlacement(catalog, live, findings);
            for (Placed placed : live) {
                checkBatches(catalog, placed, allocator, findings);
            }
            for (PoolSpace pool : catalog.space().pools()) {
                if (pool.orphaned() > 0) {
                    findings.add(new Finding(
                            Severity.NOTE,
                            "pool " + pool.pool(),
                            "orphaned bytes=" + pool.orphaned()
                                    + " (written or set aside, never published: reused once their units empty)"));
                }
            }
            long legacy = legacyBytes(volume.namespace());
            if (legacy > 0) {
                findings.add(new Finding(
                        Severity.NOTE,
                        "catalog",
                        "format-1 files hold bytes=" + legacy
                                + " that famfs cannot free (their tables were migrated)"));
            }
        } catch (UnsupportedCatalogFormatException e) {
            // another format (format 1, not yet migrated) is not damage: the message names the command that converts it
            findings.add(new Finding(Severity.NOTE, "catalog", e.getMessage()));
        } catch (ArrowFamfsException e) {
            findings.add(new Finding(Severity.DAMAGE, "catalog", e.getMessage()));
        }
        return findings;
    }

    /**
     * Bytes of the files a format-1 catalog used (the catalog and one famfs file per frame): they
     * stay allocated after a migration, since famfs has no delete.
     *
     * @param namespace a volume's namespace
     * @return the bytes, 0 on a volume that never had a format-1 catalog
     */
    public static long legacyBytes(Namespace namespace) {
        long bytes = 0;
        if (namespace.lookup(LegacyCatalogDescriptor.CATALOG_PATH).orElse(null) instanceof FamfsFile catalog) {
            bytes += catalog.size();
        }
        if (namespace.lookup(LegacyCatalogDescriptor.FRAMES_DIR).isPresent()) {
            for (FamfsNode node : namespace.list(LegacyCatalogDescriptor.FRAMES_DIR)) {
                if (node instanceof FamfsFile file) {
                    bytes += file.size();
                }
            }
        }
        return bytes;
    }

    private record Placed(String table, String what, FrameLocation location, Optional<FrameRef> frame) {}

    private static List<Placed> liveFrames(CatalogSnapshot snapshot) {
        List<Placed> live = new ArrayList<>();
        for (TableState table : snapshot.tables().values()) {
            live.add(new Placed(table.name(), "schema frame", table.schema(), Optional.empty()));
            for (FrameRef frame : table.frames()) {
                live.add(new Placed(table.name(), "frame " + frame.name(), frame.location(), Optional.of(frame)));
            }
        }
        return live;
    }

    private static void checkPlacement(Catalog catalog, List<Placed> live, List<Finding> findings) {
        List<Placed> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparing((Placed p) -> p.location().extent().pool())
                .thenComparing(p -> p.location().extent().offset()));
        for (int i = 0; i < sorted.size(); i++) {
            Placed placed = sorted.get(i);
            Extent extent = placed.location().extent();
            int free = catalog.inState(s -> s.space.freeUnitsUnder(extent));
            if (free > 0) {
                findings.add(new Finding(
                        Severity.DAMAGE,
                        "table " + placed.table(),
                        placed.what() + " lies in free space: " + extent + " free_units=" + free));
            }
            if (i > 0 && sorted.get(i - 1).location().extent().overlaps(extent)) {
                Placed before = sorted.get(i - 1);
                findings.add(new Finding(
                        Severity.DAMAGE,
                        "table " + placed.table(),
                        placed.what() + " overlaps " + before.what() + " of table " + before.table() + ": " + extent
                                + " and " + before.location().extent()));
            }
        }
    }

    private static void checkBatches(
            Catalog catalog, Placed placed, BufferAllocator allocator, List<Finding> findings) {
        if (placed.frame().isEmpty()) {
            return; // a schema frame has no batches
        }
        try (Frame frame = catalog.attach(placed.frame().get(), allocator, false)) {
            frame.verify();
        } catch (FrameRetiredException e) {
            // retired since the snapshot, on a volume in use: no longer live, its space may be reused
        } catch (ArrowFamfsException e) {
            findings.add(
                    new Finding(Severity.DAMAGE, "table " + placed.table(), placed.what() + ": " + e.getMessage()));
        }
    }
}
