package io.arrowfamfs.space;

/**
 * A run of units that share a generation, the record that last freed them and their free tail:
 * what a catalog checkpoint keeps of units (their frames' counts come back with the frames).
 *
 * @param pool the pool
 * @param first the run's first unit
 * @param count the run's length in units
 * @param generation every unit's generation
 * @param freedAt the sequence number of the record that last freed them, {@link Long#MIN_VALUE} for never
 * @param tail where a one-unit run's free tail starts (a pool offset), or {@link SpaceLedger#NO_TAIL}
 */
public record UnitGenerations(int pool, int first, int count, int generation, long freedAt, long tail) {}
