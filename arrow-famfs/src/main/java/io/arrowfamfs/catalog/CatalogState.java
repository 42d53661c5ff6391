package io.arrowfamfs.catalog;

import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.SpaceLedger;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What replaying the catalog builds, mutable: the tables, the space ledger, the last sequence
 * number of each writer with open grants, the settings. {@link CommitReplay} changes it record by
 * record; {@link #snapshot} freezes the tables. Not thread-safe: the catalog guards it.
 */
final class CatalogState {
    /** {@link #migratedFrom} of a catalog that was never a format-1 one. */
    static final long NOT_MIGRATED = -1;

    long version;
    final TreeMap<String, TableState> tables = new TreeMap<>();
    final SpaceLedger space = new SpaceLedger();
    final Map<Long, Long> writerSeqs = new HashMap<>();
    /** Who each open grant's writer is, by grant id, for operators. */
    final Map<Long, String> grantNames = new HashMap<>();

    final Map<String, Long> settings = new TreeMap<>();
    /** Every frame a table lists now, and every table's schema frame, by extent. */
    final Map<Extent, FrameLocation> liveFrames = new HashMap<>();

    /** Tables published by a node other than the master, by name. */
    final Map<String, UUID> publishers = new TreeMap<>();
    /** Pools whose memory was reserved whole when they were made. */
    final Set<Integer> reservedPools = new TreeSet<>();

    long migratedFrom = NOT_MIGRATED;
    private CatalogSnapshot frozen = CatalogSnapshot.EMPTY;

    CatalogState(long version) {
        this.version = version;
    }

    /** {@return whether {@code frame} is a table's frame (or schema frame) now: not retired} */
    boolean isLive(FrameLocation frame) {
        return frame.equals(liveFrames.get(frame.extent()));
    }

    /** The tables as of {@link #version}; the same instance until the next record. */
    CatalogSnapshot snapshot() {
        if (frozen.version() != version) {
            frozen = new CatalogSnapshot(version, tables);
        }
        return frozen;
    }

    VolumeSettings settings() {
        return VolumeSettings.from(settings);
    }

    /** Forgets a writer's sequence number once it has no open grant left: it can commit nothing more. */
    void forgetIdle(long writer) {
        boolean open = space.openGrants().stream().anyMatch(g -> g.writer() == writer);
        if (!open) {
            writerSeqs.remove(writer);
        }
    }
}
