package dev.latent.training;

import dev.latent.tuning.Trial;
import java.util.List;

/**
 * A run's search as {@code GET /model/training/{runId}} shows it: trial i of n (every evaluation of successive
 * halving counts, rating trials first), each trial's configuration and validation score, the best so far.
 *
 * @param trial       evaluations finished
 * @param trials      evaluations planned (fewer finish when the time budget runs out)
 * @param bestRating  the best rating-model trial so far (lowest validation RMSE at the highest rung reached)
 * @param bestRanking the best ranking-model trial so far (highest validation NDCG@10)
 * @param history     every finished evaluation, in order
 */
public record SearchProgress(int trial, int trials, Trial bestRating, Trial bestRanking, List<Trial> history) {
}
