package io.arrowfamfs.query;

import io.arrowfamfs.frame.Frame;

/** Decides from a batch's statistics whether a scan may skip it. */
@FunctionalInterface
interface BatchFilter {
    BatchFilter ALL = (frame, batch) -> true;

    /** False only when batch {@code batch} of {@code frame} provably holds no row the query needs. */
    boolean mayMatch(Frame frame, int batch);
}
