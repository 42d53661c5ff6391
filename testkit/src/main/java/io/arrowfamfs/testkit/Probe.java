package io.arrowfamfs.testkit;

import java.util.List;

/**
 * One kind of resource the leak check watches: it takes a snapshot before a test and, after it,
 * names what is held that was not held before.
 *
 * @param <S> what a snapshot holds
 */
interface Probe<S> {
    /** What is held now. */
    S snapshot();

    /** One line per resource held now that {@code before} did not hold; empty when nothing leaked. */
    List<String> leaksSince(S before);
}
