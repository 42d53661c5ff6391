package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.HostsDescriptor.*;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

/**
 * A slot's master line: whom the master assigned the slot to, under which generation, and
 * whether it expelled that host. Written only by the master.
 *
 * @param owner the host the slot is assigned to (the nil UUID when free)
 * @param ownerBoot the boot id the host joined with
 * @param generation the slot generation: one more at every assignment, kept when the slot is freed
 * @param state free, assigned or expelled
 * @param seq the master's sequence number for this line: one more at every write
 * @param nonce the join request this assignment answered (kept when the slot is freed)
 */
record MasterLine(UUID owner, UUID ownerBoot, int generation, SlotState state, long seq, long nonce) {
    static final UUID NIL = new UUID(0, 0);

    /** The slot as the master sees it. */
    enum SlotState {
        /** No host: the master may assign it. */
        FREE,
        /** Its owner heartbeats in it. */
        ASSIGNED,
        /** Its owner was silent for the lease, or rejoined: its bound counts until the grace ends. */
        EXPELLED
    }

    /** {@return whether this line assigns the slot, unexpelled, to {@code host} booted as {@code boot} under {@code generation}} */
    boolean assigns(UUID host, UUID boot, int generation) {
        return state == SlotState.ASSIGNED
                && owner.equals(host)
                && ownerBoot.equals(boot)
                && this.generation == generation;
    }

    /** {@return this line with another state, the next sequence number, and owner cleared when free} */
    MasterLine with(SlotState next) {
        return next == SlotState.FREE
                ? new MasterLine(NIL, NIL, generation, next, seq + 1, nonce)
                : new MasterLine(owner, ownerBoot, generation, next, seq + 1, nonce);
    }

    byte[] encode() {
        ByteBuffer b = Lines.blank();
        Lines.putUuid(b, OWNER_OFFSET, owner);
        Lines.putUuid(b, OWNER_BOOT_OFFSET, ownerBoot);
        b.putInt(GENERATION_OFFSET, generation)
                .putInt(STATE_OFFSET, state.ordinal())
                .putLong(MASTER_SEQ_OFFSET, seq)
                .putLong(NONCE_OFFSET, nonce);
        return Lines.seal(b);
    }

    /** {@return the line, or empty when it is torn, not yet written back, never written, or has an unknown state} */
    static Optional<MasterLine> decode(byte[] line) {
        ByteBuffer b = Lines.open(line);
        if (b == null) {
            return Optional.empty();
        }
        int state = b.getInt(STATE_OFFSET);
        if (state < 0 || state >= SlotState.values().length) {
            return Optional.empty();
        }
        return Optional.of(new MasterLine(
                Lines.getUuid(b, OWNER_OFFSET),
                Lines.getUuid(b, OWNER_BOOT_OFFSET),
                b.getInt(GENERATION_OFFSET),
                SlotState.values()[state],
                b.getLong(MASTER_SEQ_OFFSET),
                b.getLong(NONCE_OFFSET)));
    }
}
