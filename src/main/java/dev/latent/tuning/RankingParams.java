package dev.latent.tuning;

import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitAlsConfig.Confidence;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration of the ranking model (implicit ALS, confidence c = 1 + α·f(r)): what the search samples
 * and a run trains.
 *
 * @param rank       factors
 * @param lambda     ridge λ
 * @param alpha      confidence weight α (in the units of f, so it depends on the rating scale)
 * @param confidence the form of f
 * @param shift      the shift of {@code shifted} (the ε of {@code log})
 * @param iterations sweeps: the resource successive halving spends in fractions
 */
public record RankingParams(int rank, double lambda, double alpha, Confidence confidence, double shift,
                            int iterations) {

    public RankingParams {
        if (rank < 1 || !(lambda >= 0) || !(alpha >= 0) || confidence == null || iterations < 1
                || (confidence == Confidence.LOG && !(shift > 0))) {
            throw new IllegalArgumentException("invalid ranking-model configuration: rank " + rank + " lambda "
                    + lambda + " alpha " + alpha + " " + confidence + " shift " + shift + " iterations " + iterations);
        }
    }

    public RankingParams withIterations(int n) {
        return new RankingParams(rank, lambda, alpha, confidence, shift, n);
    }

    /** The engine configuration: conjugate-gradient rows as the engine default, no popularity blend. */
    public ImplicitAlsConfig config(int threads, long seed) {
        ImplicitAlsConfig d = ImplicitAlsConfig.DEFAULTS;
        return new ImplicitAlsConfig(rank, lambda, alpha, confidence, shift, iterations, d.solver(), d.cgSteps(),
                d.popularityWeight(), threads, seed);
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", rank);
        m.put("lambda", RatingParams.round(lambda));
        m.put("alpha", RatingParams.round(alpha));
        m.put("confidence", confidence.name().toLowerCase(Locale.ROOT));
        m.put("shift", RatingParams.round(shift));
        m.put("iterations", iterations);
        return m;
    }

    public static RankingParams fromMap(Map<String, ?> m) {
        Object form = m.get("confidence");
        if (form == null) {
            throw new IllegalArgumentException("configuration field 'confidence' is missing");
        }
        return new RankingParams(RatingParams.integer(m, "rank"), RatingParams.number(m, "lambda"),
                RatingParams.number(m, "alpha"), Confidence.valueOf(form.toString().toUpperCase(Locale.ROOT)),
                RatingParams.number(m, "shift"), RatingParams.integer(m, "iterations"));
    }
}
