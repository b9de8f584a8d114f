package dev.latent.tuning;

import java.util.Map;

/**
 * One evaluation of a configuration in a search: the configuration, the rung (0 = cheapest) and the resource
 * it was trained with there (iterations, epochs or samples), and its validation score.
 *
 * @param number   1-based number of this evaluation in the search
 * @param config   the configuration ({@link RatingParams#asMap} or {@link RankingParams#asMap})
 * @param rung     0-based rung of successive halving
 * @param resource iterations (ALS sweeps, SGD epochs, Bayesian ALS samples, ranking sweeps) trained
 * @param metric   {@code validationRmse} or {@code validationNdcg@10}
 * @param score    the validation figure (NaN when not measured)
 * @param status   {@code done}; {@code diverged} (stopped early: its training error blew up); {@code cut}
 *                 (stopped early by the search's time budget, not compared)
 * @param seconds  wall-clock time of this evaluation
 */
public record Trial(int number, Map<String, Object> config, int rung, int resource, String metric, double score,
                    String status, double seconds) {

    public static final String DONE = "done";
    public static final String DIVERGED = "diverged";
    public static final String CUT = "cut";
}
