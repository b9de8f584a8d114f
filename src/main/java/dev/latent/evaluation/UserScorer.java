package dev.latent.evaluation;

/**
 * Anything that ranks the whole catalogue for a user: a factor model, a popularity list, a baseline.
 * Implementations must be safe to call from several threads at once, each with its own {@code out}.
 */
@FunctionalInterface
public interface UserScorer {

    /** Writes a score for every item into {@code out[0..numItems)}; higher ranks first, NaN never ranks. */
    void score(int user, float[] out);
}
