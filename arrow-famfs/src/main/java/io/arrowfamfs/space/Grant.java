package io.arrowfamfs.space;

/**
 * Units of a pool set aside for one writer, which packs frames into them without asking the
 * master again. Every frame written into a grant carries the grant's generation.
 *
 * @param id the grant's id: the catalog sequence number of the record that made it
 * @param writer the writer the units belong to
 * @param range the granted bytes: whole units of one pool
 * @param generation how many times these units were reused before: 0 for memory never written
 */
public record Grant(long id, long writer, Extent range, int generation) {}
