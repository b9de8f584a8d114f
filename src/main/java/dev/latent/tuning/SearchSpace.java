package dev.latent.tuning;

import dev.latent.factorization.ImplicitAlsConfig.Confidence;
import java.util.Random;

/**
 * The ranges the search samples from, derived from the data ({@link DataProfile}) rather than tuned to one
 * data set:
 * <ul>
 *   <li>rank: log-uniform up to min(128, users/4, items/4), so small stores are not given more factors than
 *       they can support;</li>
 *   <li>factor ridges in rating units: when every rating is multiplied by s the optimal factors grow by √s,
 *       so the weighted-λ ridge of ALS and SGD's λ scale with s (they are sampled as multiples of the
 *       ratings' standard deviation σ), SGD's learning rate with 1/s (multiples of 1/σ), and a bias ridge
 *       is unitless;</li>
 *   <li>ranking confidence: f is normalised by its value at the top of the scale, so α means the same
 *       on 1–5, 0.5–5 or 1–10 stars; the shift of {@code shifted} is the middle of the scale;</li>
 *   <li>Bayesian ALS keeps at most {@code maxStoredRank / rank} samples, so the averaged model (rank ×
 *       samples) stays within a memory bound that shrinks as users and items grow.</li>
 * </ul>
 * The engine's own defaults, mapped the same way, are {@link #defaultRating} and {@link #defaultRanking}.
 */
public final class SearchSpace {

    /** Floats of rating-model factors a Bayesian ALS model may hold (users + items) × rank × samples: 1 GiB. */
    static final long MAX_STORED_FLOATS = 1L << 28;

    /** The ML-100K figures the engine defaults were tuned at, to map them onto other scales. */
    private static final double TUNED_STD = 1.126;

    private final DataProfile data;
    private final int maxRank;
    private final int maxStoredRank;
    private final double midScale;

    public SearchSpace(DataProfile data) {
        this.data = data;
        this.maxRank = (int) Math.max(2, Math.min(128, Math.min(data.users(), data.items()) / 4));
        long rows = Math.max(1, (long) data.users() + data.items());
        this.maxStoredRank = (int) Math.max(16, Math.min(1600, MAX_STORED_FLOATS / rows));
        this.midScale = data.min() + (data.max() - data.min()) / 2;
    }

    public DataProfile data() {
        return data;
    }

    public int maxRank() {
        return maxRank;
    }

    /** ALS at the engine defaults (rank 64, λ 0.12 at σ 1.126, bias λ 0.02, 20 sweeps), scaled to the data. */
    public RatingParams defaultRating() {
        return RatingParams.als(Math.min(64, maxRank), 0.12 / TUNED_STD * data.std(), 0.02, 20);
    }

    /** Bayesian ALS at the engine defaults (rank 8, 20 burn-in, 200 samples), within the stored-rank bound. */
    public RatingParams defaultBayesian() {
        int rank = Math.min(8, maxRank);
        return RatingParams.bayesAls(rank, 20, samplesFor(rank, 200));
    }

    /** The ranking model at the engine defaults (rank 64, λ 30, shifted at the middle of the scale, α 3 per
     *  rating point on 1–5, i.e. 6 at the top of the scale, 15 sweeps). */
    public RankingParams defaultRanking() {
        return ranking(Math.min(64, maxRank), 30, Confidence.SHIFTED, 6, 15);
    }

    /** One seeded draw of a rating-model configuration: the algorithm uniformly, then its knobs. */
    public RatingParams sampleRating(Random rnd) {
        int pick = rnd.nextInt(3);
        if (pick == 0) {
            return RatingParams.als(logInt(rnd, Math.min(8, maxRank), maxRank), logUniform(rnd, 0.03, 0.3) * data.std(),
                    logUniform(rnd, 0.005, 0.5), 20);
        }
        if (pick == 1) {
            return RatingParams.sgd(logInt(rnd, Math.min(16, maxRank), maxRank),
                    logUniform(rnd, 0.02, 0.15) * data.std(), logUniform(rnd, 0.005, 0.5), 60,
                    logUniform(rnd, 0.003, 0.03) / data.std());
        }
        int rank = logInt(rnd, Math.min(4, maxRank), Math.min(16, maxRank));
        return RatingParams.bayesAls(rank, 20, samplesFor(rank, 100 + rnd.nextInt(201)));
    }

    /** One seeded draw of a ranking-model configuration. */
    public RankingParams sampleRanking(Random rnd) {
        Confidence[] forms = Confidence.values();
        Confidence form = forms[rnd.nextInt(forms.length)];
        return ranking(logInt(rnd, Math.min(16, maxRank), maxRank), logUniform(rnd, 3, 300), form,
                logUniform(rnd, 0.5, 30), 15);
    }

    /**
     * A ranking configuration with α given per unit of normalised f (f at the top of the scale = 1).
     */
    RankingParams ranking(int rank, double lambda, Confidence form, double normalisedAlpha, int iterations) {
        double shift = form == Confidence.LOG ? Math.max(1e-3, (data.max() - data.min()) / 4) : midScale;
        double top = form.f(data.max(), shift);
        double alpha = top > 0 ? normalisedAlpha / top : normalisedAlpha;
        return new RankingParams(rank, lambda, alpha, form, shift, iterations);
    }

    private int samplesFor(int rank, int wanted) {
        return Math.max(1, Math.min(wanted, maxStoredRank / rank));
    }

    private static double logUniform(Random rnd, double lo, double hi) {
        return Math.exp(Math.log(lo) + rnd.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    private static int logInt(Random rnd, int lo, int hi) {
        return hi <= lo ? lo : (int) Math.max(lo, Math.min(hi, Math.floor(logUniform(rnd, lo, hi + 1.0))));
    }
}
