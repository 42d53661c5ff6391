package io.arrowfamfs.catalog;

import io.arrowfamfs.commitlog.CommitLogFullException;

/**
 * Thrown when a client's outbox ring has no room for a commit's records and the master's agent
 * consumed none of those it holds in time: no arrow-famfs process runs on the master (start
 * {@code arrow-famfs agent} there), or it is paused. Nothing of the commit is written; the
 * records already in the ring stay, and the agent commits each once when it comes back.
 */
public final class OutboxFullException extends CommitLogFullException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it: the outbox and its ring
     */
    public OutboxFullException(String message) {
        super(message);
    }
}
