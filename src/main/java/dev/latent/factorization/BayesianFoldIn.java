package dev.latent.factorization;

/**
 * Fold-in for a Bayesian ALS model: a user who rated after the chain ran gets, under every kept sample s, the
 * mean of their Gaussian conditional given that sample's item factors q⁽ˢ⁾ and the prior precisions the
 * sample's own users were drawn with (λ_P⁽ˢ⁾/τ⁽ˢ⁾ on the factors, λ_b⁽ˢ⁾/τ⁽ˢ⁾ on the bias):
 * <pre>  [p⁽ˢ⁾; b⁽ˢ⁾] = argmin Σ_i (r_ui − μ − b̄_i − b − p·q_i⁽ˢ⁾)² + λ_P⁽ˢ⁾/τ⁽ˢ⁾ |p|² + λ_b⁽ˢ⁾/τ⁽ˢ⁾ b²</pre>
 * and the folded-in user is the concatenation of the S solutions scaled by 1/√S (bias: their mean), laid out
 * as the model's own users are, so the prediction is the average of the S per-sample predictions — the
 * posterior predictive mean with each sample's user conditional integrated out (Rao–Blackwellised) instead
 * of drawn. Item biases are the model's averaged b̄_i (the per-sample ones are not kept). With per-user noise
 * ({@link BayesianAlsConfig#noiseDof()}) a folded-in user is taken at the prior mean of the noise scale,
 * a_u = 1: too few of their ratings are known to estimate it.
 *
 * <p>Why not one ridge solve against the averaged model: its rank is k·S (1,600 at the defaults), the
 * samples' factor spaces are not aligned with one another, and the averaged item factors have no prior to
 * regularise with. S small solves of rank k cost S·(n·k² + k³): about 1.5 MFLOP for 100 ratings at k = 8,
 * S = 200. Thread-safe; each thread reuses its own workspace.
 */
public final class BayesianFoldIn implements RatingFoldIn {

    /**
     * How to fold a user into an averaged Bayesian ALS model.
     *
     * @param sampleRank        k, the rank of one sample (the model's rank is k × samples)
     * @param factorPrecision   per kept sample, λ_P/τ
     * @param biasPrecision     per kept sample, λ_b/τ
     */
    public record Recipe(int sampleRank, double[] factorPrecision, double[] biasPrecision) {

        public Recipe {
            if (sampleRank < 1 || factorPrecision.length == 0 || factorPrecision.length != biasPrecision.length) {
                throw new IllegalArgumentException("a Bayesian fold-in recipe needs rank >= 1 and one precision "
                        + "pair per sample");
            }
        }

        public int samples() {
            return factorPrecision.length;
        }
    }

    private final FactorModel model;
    private final Recipe recipe;
    /** Per sample, the items' factors of that sample as stored (scaled 1/√S), contiguous with stride k. */
    private final float[][] sampleItems;
    private final ThreadLocal<NormalEquations> workspace;

    /** @throws IllegalArgumentException when the model's rank is not k × samples */
    public BayesianFoldIn(FactorModel model, Recipe recipe) {
        int k = recipe.sampleRank();
        int s = recipe.samples();
        if (model.rank() != k * s) {
            throw new IllegalArgumentException("model rank " + model.rank() + " is not " + k + " x " + s + " samples");
        }
        this.model = model;
        this.recipe = recipe;
        int ni = model.numItems();
        float[] q = model.itemFactors();
        this.sampleItems = new float[s][ni * k];
        for (int i = 0; i < ni; i++) {
            for (int j = 0; j < s; j++) {
                System.arraycopy(q, i * k * s + j * k, sampleItems[j], i * k, k);
            }
        }
        this.workspace = ThreadLocal.withInitial(() -> new NormalEquations(k, true));
    }

    public FactorModel model() {
        return model;
    }

    /**
     * Folds in the user of cells {@code items[0..n)}, {@code ratings[0..n)} (item indices of the model). No
     * ratings give zero factors and bias.
     */
    @Override
    public FoldIn.User solve(int[] items, float[] ratings, int n) {
        int k = recipe.sampleRank();
        int s = recipe.samples();
        float[] out = new float[k * s];
        if (n == 0) {
            return new FoldIn.User(0f, out);
        }
        float[] y = new float[n];
        float mu = model.globalMean();
        float[] bi = model.itemBias();
        for (int e = 0; e < n; e++) {
            y[e] = ratings[e] - mu - bi[items[e]];
        }
        // With stored q' = q/√S the per-sample solve in z = √S·p has ridge λ/S; the stored p' = p/√S = z/S.
        NormalEquations ne = workspace.get();
        float[] z = new float[k];
        double bias = 0;
        for (int j = 0; j < s; j++) {
            ne.clear();
            ne.addRows(sampleItems[j], items, 0, n, null, y);
            ne.regularize(recipe.factorPrecision()[j] / s, recipe.biasPrecision()[j]);
            double b = ne.solve(z, 0);
            if (Double.isNaN(b)) {
                continue; // singular only without a prior; the sample then contributes nothing
            }
            bias += b;
            for (int f = 0; f < k; f++) {
                out[j * k + f] = z[f] / s;
            }
        }
        return new FoldIn.User((float) (bias / s), out);
    }
}
