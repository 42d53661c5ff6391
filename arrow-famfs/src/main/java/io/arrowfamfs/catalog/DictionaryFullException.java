package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** An append would give a column's dictionary more values than its codes can number; nothing was published. */
public final class DictionaryFullException extends ArrowFamfsException {
    /**
     * The error.
     *
     * @param message which column, how many values and what to do
     */
    public DictionaryFullException(String message) {
        super(message);
    }
}
