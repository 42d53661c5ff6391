package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/**
 * A ring slot held another record than the one expected: the writer lapped this reader between
 * its read of the commit count and its read of the slot. Not damage: the reader reloads from the
 * newest checkpoint.
 */
final class StaleRecordException extends ArrowFamfsException {
    StaleRecordException(String message) {
        super(message);
    }
}
