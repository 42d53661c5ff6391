/**
 * The commit-log primitive every published structure in a volume is built on: fixed-size slots
 * and one counter that says how many of them are valid, advanced last with release ordering.
 * The famfs log ({@code io.arrowfamfs.famfs.DeviceLog}) and the catalog
 * ({@code io.arrowfamfs.catalog}) both use it; manifests and catalog segments are meant to.
 *
 * <p><b>Contract.</b> The owner of a log gives its layout ({@link io.arrowfamfs.commitlog.CommitLogLayout}):
 * where the slots and the counter lie in a {@link io.arrowfamfs.nativeio.MappedRegion}; the
 * bytes in the slots are the owner's records, with their own CRC and sequence number so that a
 * torn or stale slot reads as damage, never as data. {@link io.arrowfamfs.commitlog.CommitLog}
 * only writes, writes back, fences and orders. It depends on nothing but
 * {@link io.arrowfamfs.nativeio}.
 *
 * <p><b>Threading.</b> One writer per log at a time (the owner serialises writers, for example
 * with the volume's log lock); any number of readers on any host, concurrently with the writer.
 * Errors: {@link io.arrowfamfs.commitlog.CommitLogFullException} when the slots are used up,
 * {@link io.arrowfamfs.commitlog.CommitLogConflictException} when the counter moved under its
 * writer.
 */
package io.arrowfamfs.commitlog;
