package dev.latent.tuning;

import dev.latent.factorization.Algorithm;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitAlsConfig.Confidence;
import dev.latent.factorization.Settings;
import dev.latent.factorization.Trainer;
import java.util.HashMap;
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

    /**
     * The engine configuration, built as every config is ({@link Algorithm#config} from the registry's
     * settings): the engine's defaults for the rest (conjugate-gradient rows, no popularity blend).
     */
    public ImplicitAlsConfig config(int threads, long seed) {
        Map<String, Object> m = new HashMap<>();
        m.put("ranking-rank", rank);
        m.put("ranking-lambda", lambda);
        m.put("alpha", alpha);
        m.put("confidence", confidence.name());
        m.put("shift", shift);
        m.put("ranking-iterations", iterations);
        m.put("threads", threads);
        m.put("seed", seed);
        return (ImplicitAlsConfig) Algorithm.IMPLICIT_ALS.config(Settings.of(m));
    }

    /** The ranking model's trainer of this configuration (the registry's {@link Algorithm#IMPLICIT_ALS}). */
    public Trainer trainer(int threads, long seed) {
        return Algorithm.IMPLICIT_ALS.trainer(config(threads, seed));
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
