/**
 * The famfs on-media format, byte for byte (docs/famfs-format.md): superblock, log header, log
 * entries (FILE with simple or interleaved extents, MKDIR, ADD_DAXDEV), their zlib CRCs and
 * seqnum rules. x86-64 layout, little-endian.
 *
 * <p><b>Layout apart from behaviour.</b> The {@code *Descriptor} classes hold offsets, sizes and
 * an ASCII picture of each structure. The records ({@link io.arrowfamfs.famfs.omf.Superblock},
 * {@link io.arrowfamfs.famfs.omf.LogHeader}, {@link io.arrowfamfs.famfs.omf.LogEntry}) are plain
 * values with codecs that encode with every padding and unused byte zero, exactly as famfs does,
 * and decode from a private copy of the bytes (never from live shared memory) after checking
 * magic, version, lengths and CRC.
 *
 * <p><b>Errors.</b> {@link io.arrowfamfs.famfs.omf.CorruptMetadataException} for bytes that fail
 * a check, with where and "actual X, expected Y"; {@link
 * io.arrowfamfs.famfs.omf.UnsupportedVersionException} for a superblock famfs would refuse for its
 * version. Stateless and thread-safe.
 */
package io.arrowfamfs.famfs.omf;
