/**
 * arrow-famfs: Apache Arrow frames shared between hosts through famfs memory.
 *
 * <p>Layers, bottom up, each using only the one below it: {@link io.arrowfamfs.nativeio}
 * (libc binding, mapped regions, CPU cache maintenance), {@link io.arrowfamfs.famfs.omf} (the
 * famfs on-media format, byte for byte) and {@link io.arrowfamfs.famfs} (volumes: log replay,
 * allocation, roles, fsck). Every error is an {@link io.arrowfamfs.ArrowFamfsException}.
 */
package io.arrowfamfs;
