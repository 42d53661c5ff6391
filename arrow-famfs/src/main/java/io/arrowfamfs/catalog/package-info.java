/**
 * Tables: named, ordered sets of frames, published atomically through a catalog file kept in the
 * famfs volume ({@code .af/catalog}, layout in {@link io.arrowfamfs.catalog.CatalogDescriptor}).
 *
 * <p><b>Publication.</b> A frame's famfs file is allocated and logged under the volume's log
 * lock; its bytes are written and written back with no lock held; then, under the lock again, a
 * CRC-protected commit record is written into the next catalog slot, written back, and the commit
 * counter advanced (release) and written back ({@link io.arrowfamfs.commitlog.CommitLog}).
 * Readers poll that one counter and replay only the records after the ones they have: a reader
 * sees every frame of a commit or none. A writer killed before the counter moves leaves an orphan
 * file that no table references ({@link io.arrowfamfs.catalog.CatalogCheck} reports it);
 * everything committed before stays intact.
 *
 * <p><b>Classes.</b> {@link io.arrowfamfs.catalog.Catalog} is the API; behind it, one class per
 * job: {@code CatalogFile} (the mapped file and its header), {@code CommitReplay} (records into
 * {@link io.arrowfamfs.catalog.CatalogSnapshot}s), {@code CatalogWriter} (the write path, its
 * protocol documented there) and {@code FrameAccess} (attach, schema cache).
 *
 * <p><b>Threading.</b> {@link io.arrowfamfs.catalog.Catalog} is thread-safe; snapshots are
 * immutable. Only the master writes the catalog; writer threads and processes are serialised by
 * the volume's log lock for allocation and commit, not for copying. Readers never wait for a copy.
 * A client node publishes through its outbox, whose records the master's agent commits
 * ({@code OutboxWriter}, {@code OutboxAgent}, docs/outbox.md).
 *
 * <p><b>Errors.</b> {@link io.arrowfamfs.catalog.CorruptCatalogException} (damage),
 * {@link io.arrowfamfs.catalog.UnsupportedCatalogFormatException} (another format version),
 * {@link io.arrowfamfs.catalog.CatalogFullException}, {@link io.arrowfamfs.catalog.NoSuchTableException},
 * {@link io.arrowfamfs.catalog.TableExistsException}, {@link io.arrowfamfs.catalog.SchemaMismatchException},
 * {@link io.arrowfamfs.catalog.InvalidTableNameException}; on a client, which publishes through its
 * outbox, also {@link io.arrowfamfs.catalog.PublishRejectedException},
 * {@link io.arrowfamfs.catalog.AgentUnavailableException} and
 * {@link io.arrowfamfs.catalog.OutboxFullException}, and the master's own
 * {@link io.arrowfamfs.famfs.OutOfSpaceException} or {@link io.arrowfamfs.famfs.LogFullException}
 * when it grants no space; all are
 * {@link io.arrowfamfs.ArrowFamfsException}s.
 */
package io.arrowfamfs.catalog;
