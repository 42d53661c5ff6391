package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.HostsDescriptor.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The host table {@code .af/hosts} mapped read-write into this process (layout in {@link
 * HostsDescriptor}), its header checked once. Every read of a line invalidates it first and
 * copies it out; every write stores the whole line and writes it back, then fences: lines are
 * published one at a time, and a line read while being written fails its CRC.
 *
 * <p>Which line this process may write is the callers' protocol ({@link HostAgent} writes its
 * host's join and host lines, {@link LeaseTracker} the master lines); this class only moves
 * lines. Thread-safe; closing unmaps, and later use throws {@link
 * io.arrowfamfs.nativeio.ResourceClosedException}.
 */
public final class HostsFile implements AutoCloseable {
    private final MappedRegion region;
    private final CachePolicy policy;
    private final int slots;

    private HostsFile(MappedRegion region, CachePolicy policy, int slots) {
        this.region = region;
        this.policy = policy;
        this.slots = slots;
    }

    /**
     * Creates an empty host table of {@code slots} slots, and {@code .af} if missing, inside the
     * log lock: the header and the zeroed slots are written back before famfs logs the file, so
     * no host ever finds a table without its header. Master only.
     *
     * @param volume the volume, opened on the master
     * @param slots how many hosts the table can hold, 1 to {@link HostsDescriptor#MAX_SLOTS}
     * @throws IllegalArgumentException if {@code slots} is out of range
     * @throws io.arrowfamfs.famfs.PathExistsException if the volume has a host table already
     * @throws io.arrowfamfs.famfs.NotMasterException if the volume is opened on a client
     */
    public static void create(Volume volume, int slots) {
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("host slots out of range: slots=" + slots + " max=" + MAX_SLOTS);
        }
        volume.exclusive(() -> {
            if (volume.namespace().lookup(ROOT).isEmpty()) {
                volume.mkdir(ROOT, 0755);
            }
            return volume.createFileAtomically(PATH, fileSize(slots), 0644, Placement.PACKED, region -> {
                region.putBytes(0, HostsDescriptor.header(slots), 0, HEADER_SIZE);
                region.fill(HEADER_SIZE, region.length() - HEADER_SIZE, (byte) 0);
            });
        });
    }

    /**
     * Creates the host table as {@link #create} does unless the volume has one: several
     * processes of the master may race to, and one wins.
     *
     * @param volume the volume, opened on the master
     * @param slots how many hosts a new table can hold
     * @return true if this call created it
     * @throws io.arrowfamfs.famfs.NotMasterException if the volume is opened on a client
     */
    public static boolean createIfMissing(Volume volume, int slots) {
        return volume.exclusive(() -> {
            if (volume.refresh().lookup(PATH).isPresent()) {
                return false;
            }
            create(volume, slots);
            return true;
        });
    }

    /**
     * {@return whether the volume has a host table, as of a refresh of its famfs log}
     *
     * @param volume the volume, on any node
     */
    public static boolean exists(Volume volume) {
        return volume.refresh().lookup(PATH).isPresent();
    }

    /**
     * Maps the volume's host table read-write (on clients too: see {@link Volume#mapShared}) and
     * checks its header.
     *
     * @param volume the volume, on any node
     * @return the mapped table; the caller closes it
     * @throws io.arrowfamfs.famfs.NoSuchPathException if the volume has no host table
     * @throws CorruptHostsFileException if the header fails a check
     * @throws UnsupportedHostsFormatException if the table is of another format version
     */
    public static HostsFile open(Volume volume) {
        FamfsFile file = volume.refresh().file(PATH);
        MappedRegion region = volume.mapShared(file);
        try {
            int slots = checkHeader(region.copyOf(0, LINE_SIZE), file.size());
            return new HostsFile(region, volume.cachePolicy(), slots);
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /**
     * A host table over {@code region} as one host sees it, for the non-coherence simulator: the
     * header must be there; the caller owns the region (closing this closes it).
     */
    static HostsFile over(MappedRegion region, CachePolicy policy) {
        region.invalidate(0, LINE_SIZE, policy);
        return new HostsFile(region, policy, checkHeader(region.copyOf(0, LINE_SIZE), region.length()));
    }

    /** {@return how many host slots the table has} */
    public int slots() {
        return slots;
    }

    Optional<HostLine> hostLine(int slot) {
        return HostLine.decode(read(hostLineOffset(checkSlot(slot))));
    }

    void writeHostLine(int slot, HostLine line) {
        write(hostLineOffset(checkSlot(slot)), line.encode());
    }

    Optional<MasterLine> masterLine(int slot) {
        return MasterLine.decode(read(masterLineOffset(checkSlot(slot))));
    }

    void writeMasterLine(int slot, MasterLine line) {
        write(masterLineOffset(checkSlot(slot)), line.encode());
    }

    /** Writes the host's wants line: what it asks the master for, in its generation. */
    void writeWants(int slot, HostIdentity host, int generation, int wants) {
        ByteBuffer b = Lines.blank();
        Lines.putUuid(b, HOST_UUID_OFFSET, host.host());
        Lines.putUuid(b, BOOT_ID_OFFSET, host.bootId());
        b.putInt(WANTS_GENERATION_OFFSET, generation).putInt(WANTS_OFFSET, wants);
        write(wantsLineOffset(checkSlot(slot)), Lines.seal(b));
    }

    /**
     * The hosts that ask the master for an outbox: assigned slots whose wants line, written by
     * the slot's owner in its generation, has {@link HostsDescriptor#WANTS_OUTBOX} set. For the
     * master's agent.
     *
     * @return their UUIDs, in slot order
     */
    public List<UUID> outboxesWanted() {
        List<UUID> wanted = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            Optional<MasterLine> master = masterLine(slot);
            if (master.isEmpty() || master.get().state() != MasterLine.SlotState.ASSIGNED) {
                continue;
            }
            ByteBuffer b = Lines.open(read(wantsLineOffset(slot)));
            if (b != null
                    && Lines.getUuid(b, HOST_UUID_OFFSET).equals(master.get().owner())
                    && Lines.getUuid(b, BOOT_ID_OFFSET).equals(master.get().ownerBoot())
                    && b.getInt(WANTS_GENERATION_OFFSET) == master.get().generation()
                    && (b.getInt(WANTS_OFFSET) & WANTS_OUTBOX) != 0) {
                wanted.add(master.get().owner());
            }
        }
        return wanted;
    }

    Optional<JoinRequest> joinRequest(int j) {
        return JoinRequest.decode(read(joinLineOffset(Objects.checkIndex(j, JOIN_LINES))));
    }

    void writeJoinRequest(int j, JoinRequest request) {
        write(joinLineOffset(Objects.checkIndex(j, JOIN_LINES)), request.encode());
    }

    /** Zeroes join line {@code j}: a cleared line reads as no request. */
    void clearJoinLine(int j) {
        long offset = joinLineOffset(Objects.checkIndex(j, JOIN_LINES));
        region.fill(offset, LINE_SIZE, (byte) 0);
        region.writeBack(offset, LINE_SIZE, policy);
    }

    /** The raw bytes of a line, for tests that tear or age one. */
    byte[] read(long offset) {
        region.invalidate(offset, LINE_SIZE, policy);
        return region.copyOf(offset, LINE_SIZE);
    }

    /** Stores a whole line, writes it back and fences. */
    void write(long offset, byte[] line) {
        region.putBytes(offset, line, 0, LINE_SIZE);
        region.writeBack(offset, LINE_SIZE, policy);
    }

    private int checkSlot(int slot) {
        return Objects.checkIndex(slot, slots);
    }

    /** Unmaps the table; idempotent. */
    @Override
    public void close() {
        region.close();
    }
}
