package io.arrowfamfs.catalog;

import io.arrowfamfs.space.Grant;

/**
 * An open grant as operators see it.
 *
 * @param grant the grant
 * @param writerName who its writer is ({@code node=UUID pid=N}, or {@code catalog checkpoint})
 * @param used how far into it committed frames reach
 */
public record GrantView(Grant grant, String writerName, long used) {}
