package dev.latent.factorization;

import java.util.Random;

/**
 * Bayesian matrix factorisation by Gibbs sampling (after Salakhutdinov and Mnih 2008, "Bayesian PMF", with
 * scalar Gamma hyperpriors instead of Normal–Wishart): the same row structure as {@link AlsTrainer}, but each
 * row is <em>drawn</em> from its Gaussian conditional instead of set to its mode, and the predictions of many
 * draws are averaged. Model, over observed cells only:
 * <pre>  r_ui ~ N(μ + b_u + b_i + p_u·q_i, 1/τ),  p_u ~ N(0, I/λ_P),  b_u ~ N(0, 1/λ_b), items alike,
 *   τ, λ ~ Gamma(1, 1)</pre>
 * A sweep draws every user row from N(A⁻¹b, A⁻¹/τ) with A = Σ z zᵀ + diag(λ_P/τ, λ_b/τ) over the user's
 * cells ({@link NormalEquations#sample}), then every item row, then τ and the λs from their Gamma
 * conditionals. After {@code burnIn} sweeps, {@code samples} sweeps are kept; the returned model concatenates
 * their factors scaled by 1/√S (so p·q is the mean of the S products, exactly) and averages the biases: its
 * rank is k·S. Cost per sweep as one ALS iteration. Deterministic for a seed whatever the thread count
 * (each row draws from its own generator seeded by (seed, sweep, side, row)).
 */
public final class BayesianAlsTrainer implements Trainer {

    private final BayesianAlsConfig config;

    public BayesianAlsTrainer(BayesianAlsConfig config) {
        this.config = config;
    }

    public BayesianAlsConfig config() {
        return config;
    }

    /**
     * A warm start must have rank k (one sample's rank, not an averaged model's k·S): the chain starts from it
     * instead of from random item factors.
     */
    @Override
    public FactorModel train(RatingMatrix m, FactorModel warmStart, TrainingListener listener) {
        long start = System.nanoTime();
        int k = config.rank();
        int nu = m.numUsers();
        int ni = m.numItems();
        int n = m.size();
        boolean biases = config.biases();
        // A warm start (a previous model of rank k, e.g. an ALS solution) starts the chain from it.
        Random hyper = new Random(config.seed());
        StartFactors init = StartFactors.gaussian(m, k, biases, hyper, config.initStd(), false, warmStart);
        float mu = init.mu();
        float[] p = init.p();
        float[] q = init.q();
        float[] bu = init.bu();
        float[] bi = init.bi();
        int maxRow = 0;
        for (int u = 0; u < nu; u++) {
            maxRow = Math.max(maxRow, m.userCount(u));
        }
        for (int i = 0; i < ni; i++) {
            maxRow = Math.max(maxRow, m.itemCount(i));
        }
        int threads = config.threads();
        NormalEquations[] ne = new NormalEquations[threads];
        float[][] y = new float[threads][maxRow];
        for (int t = 0; t < threads; t++) {
            ne[t] = new NormalEquations(k, biases);
        }
        int samples = config.samples();
        int total = config.burnIn() + samples;
        float[] sumP = new float[nu * k * samples];
        float[] sumQ = new float[ni * k * samples];
        double[] sumBu = new double[nu];
        double[] sumBi = new double[ni];
        int kept = 0;
        double[] h = {1.0, 1.0, 1.0, 1.0, 1.0}; // τ, λ_P, λ_bu, λ_Q, λ_bi
        try (RowPasses passes = new RowPasses(threads, "bayes-als-worker")) {
            for (int sweep = 1; sweep <= total; sweep++) {
                int s = sweep;
                double tau = h[0];
                passes.run(nu, (w, from, to) -> draw(ne[w], y[w], from, to, s, 0, m.userPtr(), m.userItems(),
                        m.userRatings(), q, bi, mu, p, bu, h[1] / tau, h[2] / tau, 1 / Math.sqrt(tau), false));
                double[] sse = passes.run(ni, (w, from, to) -> draw(ne[w], y[w], from, to, s, 1, m.itemPtr(),
                        m.itemUsers(), m.itemRatings(), p, bu, mu, q, bi, h[3] / tau, h[4] / tau, 1 / Math.sqrt(tau),
                        true));
                double sum = 0;
                for (double v : sse) {
                    sum += v;
                }
                h[0] = gamma(hyper, 1 + n / 2.0, 1 + sum / 2);
                h[1] = gamma(hyper, 1 + nu * k / 2.0, 1 + sumSquares(p) / 2);
                h[2] = gamma(hyper, 1 + nu / 2.0, 1 + sumSquares(bu) / 2);
                h[3] = gamma(hyper, 1 + ni * k / 2.0, 1 + sumSquares(q) / 2);
                h[4] = gamma(hyper, 1 + ni / 2.0, 1 + sumSquares(bi) / 2);
                if (sweep > config.burnIn()) {
                    keep(p, sumP, nu, k, samples, kept);
                    keep(q, sumQ, ni, k, samples, kept);
                    for (int u = 0; u < nu; u++) {
                        sumBu[u] += bu[u];
                    }
                    for (int i = 0; i < ni; i++) {
                        sumBi[i] += bi[i];
                    }
                    kept++;
                }
                if (!listener.onIteration(sweep, n == 0 ? 0 : Math.sqrt(sum / n), System.nanoTime() - start)) {
                    break;
                }
            }
        }
        if (kept == 0) {
            return new FactorModel(k, nu, ni, mu, bu, bi, p, q);
        }
        int r = k * kept;
        float[] outP = compact(sumP, nu, k, samples, kept);
        float[] outQ = compact(sumQ, ni, k, samples, kept);
        float[] outBu = new float[nu];
        float[] outBi = new float[ni];
        for (int u = 0; u < nu; u++) {
            outBu[u] = (float) (sumBu[u] / kept);
        }
        for (int i = 0; i < ni; i++) {
            outBi[i] = (float) (sumBi[i] / kept);
        }
        return new FactorModel(r, nu, ni, mu, outBu, outBi, outP, outQ);
    }

    private double draw(NormalEquations ne, float[] y, int from, int to, int sweep, int side, int[] ptr, int[] idx,
                        float[] r, float[] fixed, float[] fixedBias, float mu, float[] out, float[] outBias,
                        double lambda, double lambdaBias, double sigma, boolean sse) {
        int k = config.rank();
        boolean biases = config.biases();
        double blockSse = 0;
        for (int row = from; row < to; row++) {
            int a = ptr[row];
            int b = ptr[row + 1];
            if (a == b) {
                java.util.Arrays.fill(out, row * k, row * k + k, 0f);
                outBias[row] = 0f;
                continue;
            }
            for (int e = a; e < b; e++) {
                y[e - a] = r[e] - mu - (biases ? fixedBias[idx[e]] : 0f);
            }
            ne.clear();
            ne.addRows(fixed, idx, a, b, null, y);
            ne.regularize(lambda, lambdaBias);
            Random rnd = new Random(mix(config.seed(), sweep, side, row));
            double bias = ne.sample(out, row * k, rnd, sigma);
            if (biases && !Double.isNaN(bias)) {
                outBias[row] = (float) bias;
            }
            if (sse) {
                blockSse += AlsTrainer.rowSse(out, row, k, mu, biases ? outBias[row] : 0f, biases ? fixedBias : null,
                        fixed, idx, r, a, b);
            }
        }
        return blockSse;
    }

    /** Stores sample number {@code s} of a flat factor array into slot s of each row's k·S block. */
    private static void keep(float[] f, float[] all, int rows, int k, int samples, int s) {
        for (int row = 0; row < rows; row++) {
            System.arraycopy(f, row * k, all, (row * samples + s) * k, k);
        }
    }

    /** The first {@code kept} samples of each row, scaled by 1/√kept, as a flat array of rank k·kept. */
    private static float[] compact(float[] all, int rows, int k, int samples, int kept) {
        float scale = (float) (1 / Math.sqrt(kept));
        int r = k * kept;
        float[] out = new float[rows * r];
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < r; j++) {
                out[row * r + j] = all[row * samples * k + j] * scale;
            }
        }
        return out;
    }

    private static double sumSquares(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s;
    }

    private static long mix(long seed, int sweep, int side, int row) {
        long z = seed ^ (((long) sweep << 33) | ((long) side << 32) | (row & 0xFFFFFFFFL));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Gamma(shape, rate) by Marsaglia and Tsang (2000); shape ≥ 1 here. */
    static double gamma(Random rnd, double shape, double rate) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rnd.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rnd.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v / rate;
            }
        }
    }
}
