package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.HostsDescriptor.*;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

/**
 * A slot's host line: what its host last published. Written only by the host agent of the host
 * the slot is assigned to; the counter is the line's sequence number.
 *
 * @param host the host's UUID
 * @param bootId the host's boot id when it wrote the line
 * @param counter the heartbeat counter: one more at every heartbeat
 * @param seen the catalog count the host had seen before it scanned its pins
 * @param bound the lowest of {@code seen} and every count pinned on the host in this generation
 * @param generation the slot generation the host writes under
 */
record HostLine(UUID host, UUID bootId, long counter, long seen, long bound, int generation) {
    byte[] encode() {
        ByteBuffer b = Lines.blank();
        Lines.putUuid(b, HOST_UUID_OFFSET, host);
        Lines.putUuid(b, BOOT_ID_OFFSET, bootId);
        b.putLong(COUNTER_OFFSET, counter)
                .putLong(SEEN_OFFSET, seen)
                .putLong(BOUND_OFFSET, bound)
                .putInt(HOST_GENERATION_OFFSET, generation);
        return Lines.seal(b);
    }

    /** {@return the line, or empty when it is torn, not yet written back, or was never written} */
    static Optional<HostLine> decode(byte[] line) {
        ByteBuffer b = Lines.open(line);
        if (b == null) {
            return Optional.empty();
        }
        return Optional.of(new HostLine(
                Lines.getUuid(b, HOST_UUID_OFFSET),
                Lines.getUuid(b, BOOT_ID_OFFSET),
                b.getLong(COUNTER_OFFSET),
                b.getLong(SEEN_OFFSET),
                b.getLong(BOUND_OFFSET),
                b.getInt(HOST_GENERATION_OFFSET)));
    }
}
