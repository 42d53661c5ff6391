package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.HostsDescriptor.*;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

/**
 * A host's request for a slot, written into a join line of the header page. The nonce, new for
 * every request, tells a new request from one the master has answered (the answer carries it).
 * The host rewrites its request every period with the counter one higher, so the master can
 * tell a host still asking (whose readers may already pin) from a request left by a dead one.
 *
 * @param host the host's UUID
 * @param bootId the host's boot id
 * @param nonce random, never zero
 * @param counter one more at each renewal, from 0
 */
record JoinRequest(UUID host, UUID bootId, long nonce, long counter) {
    /**
     * {@return the join line a host tries on its {@code attempt}-th try: spread by its UUID, moved on at each collision}
     *
     * @param host the host's UUID
     * @param attempt how many lines it found taken by another request, from 0
     */
    static int line(UUID host, int attempt) {
        long mixed =
                host.getMostSignificantBits() * 31 + host.getLeastSignificantBits() + attempt * 0x9E3779B97F4A7C15L;
        return (int) Math.floorMod(mixed ^ (mixed >>> 29), (long) JOIN_LINES);
    }

    /** {@return the same request, renewed} */
    JoinRequest renewed() {
        return new JoinRequest(host, bootId, nonce, counter + 1);
    }

    byte[] encode() {
        ByteBuffer b = Lines.blank();
        Lines.putUuid(b, HOST_UUID_OFFSET, host);
        Lines.putUuid(b, BOOT_ID_OFFSET, bootId);
        b.putLong(JOIN_NONCE_OFFSET, nonce);
        b.putLong(JOIN_COUNTER_OFFSET, counter);
        return Lines.seal(b);
    }

    /** {@return the request, or empty when the line is torn, cleared, or was never written} */
    static Optional<JoinRequest> decode(byte[] line) {
        ByteBuffer b = Lines.open(line);
        if (b == null || b.getLong(JOIN_NONCE_OFFSET) == 0) {
            return Optional.empty();
        }
        return Optional.of(new JoinRequest(
                Lines.getUuid(b, HOST_UUID_OFFSET),
                Lines.getUuid(b, BOOT_ID_OFFSET),
                b.getLong(JOIN_NONCE_OFFSET),
                b.getLong(JOIN_COUNTER_OFFSET)));
    }
}
