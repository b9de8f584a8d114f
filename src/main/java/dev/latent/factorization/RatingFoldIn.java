package dev.latent.factorization;

/**
 * Solves one user's bias and factors against a rating model's fixed items: the ridge row solve of ALS
 * ({@link FoldIn}) or the per-sample conditional means of Bayesian ALS ({@link BayesianFoldIn}).
 */
public interface RatingFoldIn {

    /** The user of cells {@code items[0..n)} (ascending model item indices), {@code ratings[0..n)}. */
    FoldIn.User solve(int[] items, float[] ratings, int n);
}
