package dev.latent.factorization;

/**
 * Fold-in for the ranking model: solves one user's factor vector from their (item, rating) pairs against the
 * model's fixed item factors, with the exact row solve the trainer uses ({@link ImplicitRowSolver}). YᵀY
 * is computed once here (O(items k²)), so each call costs O(n k² + k³) — about 0.1 ms for 100 ratings at
 * k = 64.
 *
 * <p>For serving: build one per model next to it (both immutable, swapped together); for a user with new
 * ratings call {@link #userFactors}, then {@code model.scoreAll(0f, factors, out)} and {@link TopN#select}, the
 * one top-N path (the model's item bias carries the optional popularity blend). Similar items:
 * {@code TopN.select(model.similarities(item, out), ...)}.
 * Thread-safe: each thread gets its own workspace.
 */
public final class ImplicitFoldIn {

    private final FactorModel model;
    private final ImplicitAlsConfig config;
    private final double[] gram;
    private final ThreadLocal<ImplicitRowSolver> solvers;

    /** @param config the configuration the model was trained with (rank, λ and the confidence function) */
    public ImplicitFoldIn(FactorModel model, ImplicitAlsConfig config) {
        if (model.rank() != config.rank()) {
            throw new IllegalArgumentException("model rank " + model.rank() + " != config rank " + config.rank());
        }
        this.model = model;
        this.config = config;
        this.gram = NormalEquations.gram(model.itemFactors(), model.numItems(), model.rank());
        this.solvers = ThreadLocal.withInitial(() -> new ImplicitRowSolver(model.rank()));
    }

    public FactorModel model() {
        return model;
    }

    /** YᵀY of the model's item factors (row-major k × k, both triangles; shared, do not write). */
    public double[] gram() {
        return gram;
    }

    public ImplicitAlsConfig config() {
        return config;
    }

    /**
     * The factor vector (length rank) of a user who rated {@code items[0..n)} with {@code ratings[0..n)}. Items
     * must be distinct indices of the model; unknown items must be dropped by the caller. No ratings give the
     * zero vector (scores then reduce to the item bias, i.e. the popularity blend or all zero).
     */
    public float[] userFactors(int[] items, float[] ratings, int n) {
        int k = model.rank();
        float[] out = new float[k];
        if (n == 0) {
            return out;
        }
        for (int j = 0; j < n; j++) {
            if (items[j] < 0 || items[j] >= model.numItems()) {
                throw new IllegalArgumentException("item " + items[j] + " is not in the model");
            }
        }
        solvers.get().solveExact(gram, model.itemFactors(), items, ratings, 0, n, config, out, 0);
        return out;
    }

    /** A user's factor vector and the Cholesky factor of the row system it was solved from. */
    public record Solved(float[] factors, CholeskyFactor system) {
    }

    /**
     * As {@link #userFactors(int[], float[], int)}, also handing back the Cholesky factor of the user's row
     * system A_u = YᵀY + Σ_j (c_j − 1) y_j y_jᵀ + λI (null without ratings): the one {@link Explanations}
     * builds for the same items and ratings, bit for bit, so an explanation can reuse it. Copying it out costs
     * k² reads, against the n k²/2 + k³/3 of building it again.
     */
    public Solved userFactorsAndSystem(int[] items, float[] ratings, int n) {
        float[] x = userFactors(items, ratings, n);
        return new Solved(x, n == 0 ? null : solvers.get().lastFactor());
    }

    public float[] userFactors(int[] items, float[] ratings) {
        if (items.length != ratings.length) {
            throw new IllegalArgumentException("items and ratings differ in length");
        }
        return userFactors(items, ratings, items.length);
    }

}
