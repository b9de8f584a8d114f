package dev.latent.model;

import java.util.Map;

/**
 * Descriptive metadata of a model, persisted beside its factors (JSON in {@code models.info}) and shown by
 * {@code GET /model}. The fold-in settings are not read from here: they travel typed in {@link FoldInRecipe}.
 *
 * @param parameters what the run trained with, by the names of the API
 * @param metrics    held-out metrics by their API names (empty when nothing was held out)
 */
public record ModelInfo(String algorithm, int rank, Map<String, Object> parameters, long users, long items,
                        long ratings, Map<String, Double> metrics) {
}
