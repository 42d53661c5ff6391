/**
 * Tables: named, ordered sets of frames, published atomically through a catalog file kept in the
 * famfs volume ({@code .af/catalog}, layout in {@link io.arrowfamfs.catalog.CatalogDescriptor}).
 *
 * <p><b>Publication.</b> A frame is written, written back, and logged in famfs as a file under
 * {@code .af/f/}; only then is a CRC-protected commit record written into the next catalog slot,
 * written back, and the commit counter advanced (release) and written back. Readers poll that one
 * counter and replay only the records after the ones they have: a reader sees every frame of a
 * commit or none. A writer killed before the counter moves leaves an orphan file that no table
 * references ({@link io.arrowfamfs.catalog.CatalogCheck} reports it); everything committed before
 * stays intact.
 *
 * <p><b>Threading.</b> {@link io.arrowfamfs.catalog.Catalog} is thread-safe; snapshots are
 * immutable. Writes happen on the master only, inside the volume's log lock, so writer processes
 * are serialised with each other and with famfs appends.
 */
package io.arrowfamfs.catalog;
