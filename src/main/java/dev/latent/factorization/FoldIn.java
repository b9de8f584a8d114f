package dev.latent.factorization;

/**
 * Solves one user's bias and factor vector from their (item, rating) pairs against a model's fixed item
 * factors and biases, with the same regularisation as training: exactly the row solve of
 * {@link AlsTrainer} (the same code, {@code AlsTrainer.solveRow}). Use it for users who rated after the
 * model was trained, or to apply a known user's newest ratings at once.
 *
 * <p>Thread-safe: each thread reuses its own workspace. Cost for n ratings: n·k(k+1) flops plus one
 * (k+1)-dimensional Cholesky solve (k = 64, n = 100: about 0.1 ms here).
 */
public final class FoldIn implements RatingFoldIn {

    /** A folded-in user: bias (0 for a model without biases) and factor vector of the model's rank. */
    public record User(float bias, float[] factors) {
    }

    private final FactorModel model;
    private final double lambda;
    private final double biasLambda;
    private final boolean weightedLambda;
    private final boolean biases;
    private final ThreadLocal<NormalEquations> workspace;

    /**
     * @param biases whether the model was trained with biases (then the user's bias is solved too, and the
     *               targets are r − μ − b_i)
     */
    public FoldIn(FactorModel model, double lambda, double biasLambda, boolean weightedLambda, boolean biases) {
        this.model = model;
        this.lambda = lambda;
        this.biasLambda = biasLambda;
        this.weightedLambda = weightedLambda;
        this.biases = biases;
        this.workspace = ThreadLocal.withInitial(() -> new NormalEquations(model.rank(), biases));
    }

    /** Fold-in with the regularisation an {@link AlsTrainer} with {@code config} trained {@code model} with. */
    public FoldIn(FactorModel model, AlsConfig config) {
        this(model, config.lambda(), config.biasLambda(), config.weightedLambda(), config.biases());
    }

    public FactorModel model() {
        return model;
    }

    /**
     * Solves the user from cells {@code items[0..n)}, {@code ratings[0..n)} (item indices of the model).
     * No ratings give the zero vector and zero bias; a singular system (λ = 0 and too few ratings) as well.
     */
    @Override
    public User solve(int[] items, float[] ratings, int n) {
        int k = model.rank();
        float[] factors = new float[k];
        float[] y = new float[n];
        double bias = AlsTrainer.solveRow(workspace.get(), y, model.itemFactors(), model.itemBias(),
                model.globalMean(), items, ratings, 0, n, lambda, biasLambda, weightedLambda, factors, 0);
        return new User(Double.isNaN(bias) ? 0f : (float) bias, factors);
    }
}
