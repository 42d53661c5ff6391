package io.arrowfamfs.catalog;

/**
 * What one garbage-collection pass did.
 *
 * @param grantsClosed grants of writers found dead that were closed
 * @param bytesClosed the bytes those grants held
 * @param reclamation what the reclamation step did, or why it did not run
 */
public record GcReport(int grantsClosed, long bytesClosed, ReclaimReport reclamation) {}
