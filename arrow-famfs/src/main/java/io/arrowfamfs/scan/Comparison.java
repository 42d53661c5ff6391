package io.arrowfamfs.scan;

/**
 * How a {@link ColumnPredicate} compares a column with its literals, with the number of literals
 * each takes. Every comparison but {@link #IS_NULL} is false for a null value, as in SQL.
 */
public enum Comparison {
    /** {@code column = literal}. */
    EQ(1),
    /** {@code column <> literal}. */
    NE(1),
    /** {@code column < literal}. */
    LT(1),
    /** {@code column <= literal}. */
    LE(1),
    /** {@code column > literal}. */
    GT(1),
    /** {@code column >= literal}. */
    GE(1),
    /** {@code column BETWEEN low AND high}, both included: two literals, low first. */
    BETWEEN(2),
    /** {@code column IN (literal, ...)}: one literal or more. */
    IN(-1),
    /** {@code column IS NULL}: no literal. */
    IS_NULL(0),
    /** {@code column IS NOT NULL}: no literal. */
    IS_NOT_NULL(0);

    private final int literals;

    Comparison(int literals) {
        this.literals = literals;
    }

    /**
     * Whether a number of literals suits this comparison.
     *
     * @param count how many literals
     * @return true when the comparison takes that many
     */
    public boolean takes(int count) {
        return literals < 0 ? count > 0 : count == literals;
    }

    /**
     * The comparison that holds for {@code literal OP column} when this one holds for
     * {@code column OP literal}: {@code 5 < x} is {@code x > 5}. Only single-literal comparisons
     * have one.
     *
     * @return the mirrored comparison
     */
    public Comparison mirrored() {
        return switch (this) {
            case EQ, NE -> this;
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
            default -> throw new IllegalStateException("comparison has no mirror: comparison=" + this);
        };
    }
}
