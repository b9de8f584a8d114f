package dev.latent.model;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.Popularity;
import java.time.Instant;

/**
 * Everything serving needs, replaced whole on every training run (one atomic reference swap in
 * {@link ModelHolder}). Built by training, persisted by {@code model.store.ModelStore}, read by serving.
 *
 * @param version    increasing model version
 * @param trainedAt  when the run that made it finished
 * @param info       algorithm, parameters, counts and held-out metrics, as shown by {@code GET /model}
 * @param rating     the rating model (predictions)
 * @param ranking    the ranking model (recommendations, similar items); may be the rating model itself
 * @param users      user ids ↔ indices of both models (frozen)
 * @param items      item ids ↔ indices of both models (frozen)
 * @param popularity item counts and damped means (popular list, cold start)
 * @param rated      the items each user had rated in the training snapshot
 * @param foldIn     how to solve a user against these item factors (what the trainers used)
 * @param changeSeq  the {@link ChangeLog} sequence its snapshot reflects (changes numbered above it are
 *                   newer than the model); not persisted: a loaded model takes the sequence at load time
 */
public record ServedModel(long version, Instant trainedAt, ModelInfo info, FactorModel rating, FactorModel ranking,
                          IdIndex users, IdIndex items, Popularity popularity, RatedItems rated, FoldInRecipe foldIn,
                          long changeSeq) {

    /** The same model, marked as reflecting the changes up to {@code seq}. */
    public ServedModel withChangeSeq(long seq) {
        return new ServedModel(version, trainedAt, info, rating, ranking, users, items, popularity, rated, foldIn,
                seq);
    }
}
