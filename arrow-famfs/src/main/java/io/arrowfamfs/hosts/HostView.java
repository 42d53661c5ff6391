package io.arrowfamfs.hosts;

import java.util.OptionalLong;
import java.util.UUID;

/**
 * One row of the {@code hosts} inspector: a slot of the host table, or a join request waiting
 * for one, as {@link HostsSurvey} watched it.
 *
 * @param slot the slot index, -1 for a join request
 * @param host the host's UUID
 * @param bootId its boot id
 * @param state {@code assigned}, {@code expelled} or {@code joining}
 * @param generation the slot generation (0 for a join request)
 * @param seenCount how many heartbeats (or join renewals) the host has written in this generation
 * @param catalogSeen the catalog count the host had seen at its last heartbeat
 * @param lowestPin the lowest count pinned on the host, empty when it pins nothing below what it has seen
 * @param sinceHeartbeatNanos how long ago the counter last moved, on this host's clock; empty
 *     when it did not move while the survey watched
 * @param lease {@code held} (heartbeats well inside the lease), {@code lapsing} (silent for half
 *     the lease: its own readers no longer trust it), {@code expelled}, {@code joining}, or
 *     {@code unknown} (silent through a survey shorter than half the lease)
 */
public record HostView(
        int slot,
        UUID host,
        UUID bootId,
        String state,
        int generation,
        long seenCount,
        long catalogSeen,
        OptionalLong lowestPin,
        OptionalLong sinceHeartbeatNanos,
        String lease) {}
