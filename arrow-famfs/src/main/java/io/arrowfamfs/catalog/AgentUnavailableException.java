package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/**
 * Thrown when a client node publishes and the master's agent does not answer in time: no
 * arrow-famfs process runs on the master (start {@code arrow-famfs agent} there), or it is
 * paused. Nothing the client wrote is visible; its outbox keeps the request, which the agent
 * commits (once) when it comes back.
 */
public final class AgentUnavailableException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it
     */
    public AgentUnavailableException(String message) {
        super(message);
    }
}
