package dev.latent.training;

import dev.latent.factorization.Popularity;
import dev.latent.model.ModelInfo;
import dev.latent.model.RatedItems;
import dev.latent.model.Ratings;
import dev.latent.model.ServedModel;
import dev.latent.tuning.TunedFit;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Builds the served model of a finished fit: both factor models, the frozen id indices of the snapshot, the
 * popular list, the rated items, the fold-in recipe and the description {@code GET /model} shows. No store,
 * no swap: {@link ModelPublisher} does those.
 */
@Component
public class ModelAssembler {

    /** Pseudo-ratings at the global mean in each item's damped mean. */
    static final float POPULARITY_DAMPING = 10f;

    private final ModelTrainers trainers;

    public ModelAssembler(ModelTrainers trainers) {
        this.trainers = trainers;
    }

    /**
     * The model of version {@code version} from {@code result}, fitted on {@code ratings}, with the run's
     * metrics and chosen configuration; {@code changeSeq} is the change-log position noted before the snapshot.
     */
    public ServedModel assemble(long version, Ratings ratings, TunedFit.Result result, ChosenConfiguration chosen,
                                Map<String, Double> metrics, long changeSeq) {
        Map<String, Object> parameters = new LinkedHashMap<>(
                trainers.parameters(result.ratingConfig(), result.rankingConfig()));
        parameters.put("configuration", chosen.asMap());
        ModelInfo info = new ModelInfo(result.ratingConfig().algorithm().wire(), result.rating().rank(), parameters,
                ratings.numUsers(), ratings.numItems(), ratings.size(), metrics);
        return new ServedModel(version, Instant.now(), info,
                result.rating(), result.ranking(), ratings.userIds().freeze(), ratings.itemIds().freeze(),
                Popularity.of(result.all(), POPULARITY_DAMPING), RatedItems.of(result.all()),
                trainers.foldInRecipe(result.ratingConfig(), result.rankingConfig(), result.bayesian()), changeSeq);
    }
}
