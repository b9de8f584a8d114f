package dev.latent.model;

import dev.latent.factorization.ImplicitAlsConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
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

    /**
     * The ranking model's entries of {@code parameters} ({@code ranking.*}), named as both trainers (the service
     * and the Spark job) describe them.
     */
    public static Map<String, Object> rankingParameters(ImplicitAlsConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ranking.rank", c.rank());
        m.put("ranking.lambda", c.lambda());
        m.put("ranking.alpha", c.alpha());
        m.put("ranking.confidence", c.confidence().name().toLowerCase(Locale.ROOT));
        m.put("ranking.shift", c.shift());
        m.put("ranking.iterations", c.iterations());
        return m;
    }
}
