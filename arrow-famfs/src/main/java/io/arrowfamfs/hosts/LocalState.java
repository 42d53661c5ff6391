package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.PinsDescriptor.*;

import io.arrowfamfs.nativeio.MappedRegion;
import java.lang.invoke.VarHandle;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent lines of a local pin table as a seqlock: the agent makes the sequence odd, writes
 * the fields, then makes it even again with release ordering; a reader takes the fields only
 * when it read the same even sequence before and after them. A reader retries while the agent
 * writes (it may be descheduled mid-write), for up to {@code patience}. An agent killed
 * mid-write leaves the sequence odd: readers then fail ({@link LeaseExpiredException}) until the
 * next agent rewrites the lines, which it does first thing.
 */
final class LocalState {
    /** Reads spun before a reader starts parking between tries. */
    private static final int SPINS = 100;

    private final MappedRegion region;
    private final String path;
    private final long patience;

    LocalState(MappedRegion region, String path, long patienceNanos) {
        this.region = region;
        this.path = path;
        this.patience = patienceNanos;
    }

    /**
     * A consistent copy of the state, for readers.
     *
     * @throws LeaseExpiredException if the agent is writing it for longer than a read takes, or died doing so
     */
    AgentState read() {
        long start = 0;
        for (int i = 0; ; i++) {
            long before = region.getLongAcquire(SEQ);
            if ((before & 1) == 0) {
                AgentState state = fields();
                VarHandle.acquireFence();
                if (region.getLong(SEQ) == before) {
                    return state;
                }
            }
            if (i < SPINS) {
                Thread.onSpinWait();
            } else if (i == SPINS) {
                start = System.nanoTime();
            } else if (System.nanoTime() - start > patience) {
                break;
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
        throw new LeaseExpiredException("no consistent lease state: path=" + path + " seq=" + region.getLong(SEQ)
                + "; the host agent died while writing it, and the next one has not taken over yet");
    }

    /** The fields as they are, for the agent that alone writes them (and may find its predecessor's half-written). */
    AgentState readAsWriter() {
        return fields();
    }

    /** Publishes {@code state}: only the elected agent calls this. */
    void write(AgentState state) {
        long seq = region.getLong(SEQ);
        long odd = (seq & 1) == 0 ? seq + 1 : seq;
        region.putLong(SEQ, odd);
        VarHandle.releaseFence();
        putUuid(HOST_UUID, state.identity().host());
        putUuid(BOOT_ID, state.identity().bootId());
        region.putLong(HOST_SLOT, state.slot());
        region.putLong(GENERATION, state.generation());
        region.putLong(EXPELLED_GENERATION, state.expelledGeneration());
        region.putLong(BEAT_GENERATION, state.beatGeneration());
        region.putLong(LAST_BEAT, state.lastBeat());
        region.putLong(COUNTER, state.counter());
        region.putLong(JOIN_NONCE, state.joinNonce());
        region.putLong(JOIN_ATTEMPT, state.joinAttempt());
        region.putLong(JOIN_EPOCH, state.joinEpoch());
        region.putLong(JOINED_EPOCH, state.joinedEpoch());
        region.putLong(JOIN_CHECKED, state.joinChecked());
        region.putLongRelease(SEQ, odd + 1);
    }

    private AgentState fields() {
        return new AgentState(
                new HostIdentity(getUuid(HOST_UUID), getUuid(BOOT_ID)),
                (int) region.getLong(HOST_SLOT),
                (int) region.getLong(GENERATION),
                (int) region.getLong(EXPELLED_GENERATION),
                (int) region.getLong(BEAT_GENERATION),
                region.getLong(LAST_BEAT),
                region.getLong(COUNTER),
                region.getLong(JOIN_NONCE),
                (int) region.getLong(JOIN_ATTEMPT),
                region.getLong(JOIN_EPOCH),
                region.getLong(JOINED_EPOCH),
                region.getLong(JOIN_CHECKED));
    }

    private void putUuid(int offset, UUID uuid) {
        region.putLong(offset, uuid.getMostSignificantBits());
        region.putLong(offset + 8, uuid.getLeastSignificantBits());
    }

    private UUID getUuid(int offset) {
        return new UUID(region.getLong(offset), region.getLong(offset + 8));
    }
}
