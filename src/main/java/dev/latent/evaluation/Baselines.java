package dev.latent.evaluation;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;

/**
 * Reference models computed in the same run as the factorisation, as rank-0 {@link FactorModel}s (so they
 * predict, score and rank like any model).
 */
public final class Baselines {

    /** Regularisation of {@link #biases(RatingMatrix)}: Surprise's BaselineOnly defaults. */
    public static final double ITEM_DAMPING = 10;
    public static final double USER_DAMPING = 15;
    public static final int BIAS_ITERATIONS = 10;

    private Baselines() {
    }

    /** Predicts the training mean μ for every cell. */
    public static FactorModel globalMean(RatingMatrix train) {
        return new FactorModel(0, train.numUsers(), train.numItems(), (float) train.mean(),
                new float[train.numUsers()], new float[train.numItems()], new float[0], new float[0]);
    }

    /** Damped biases with the default damping and iterations. */
    public static FactorModel biases(RatingMatrix train) {
        return biases(train, ITEM_DAMPING, USER_DAMPING, BIAS_ITERATIONS);
    }

    /**
     * Damped biases only, r̂ = μ + b_u + b_i, by alternating exact minimisation of
     * Σ (r − μ − b_u − b_i)² + λ_i Σ b_i² + λ_u Σ b_u² (Koren 2010, "baseline predictors"):
     * <pre>  b_i = Σ_u (r_ui − μ − b_u) / (λ_i + n_i)     b_u = Σ_i (r_ui − μ − b_i) / (λ_u + n_u)</pre>
     */
    public static FactorModel biases(RatingMatrix train, double itemDamping, double userDamping, int iterations) {
        int nu = train.numUsers();
        int ni = train.numItems();
        float mu = (float) train.mean();
        float[] bu = new float[nu];
        float[] bi = new float[ni];
        for (int it = 0; it < iterations; it++) {
            for (int i = 0; i < ni; i++) {
                double s = 0;
                for (int e = train.itemPtr()[i]; e < train.itemPtr()[i + 1]; e++) {
                    s += train.itemRatings()[e] - mu - bu[train.itemUsers()[e]];
                }
                bi[i] = (float) (s / (itemDamping + train.itemCount(i)));
            }
            for (int u = 0; u < nu; u++) {
                double s = 0;
                for (int e = train.userPtr()[u]; e < train.userPtr()[u + 1]; e++) {
                    s += train.userRatings()[e] - mu - bi[train.userItems()[e]];
                }
                bu[u] = (float) (s / (userDamping + train.userCount(u)));
            }
        }
        return new FactorModel(0, nu, ni, mu, bu, bi, new float[0], new float[0]);
    }
}
