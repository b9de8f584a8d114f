package dev.latent.model;

import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.FoldIn;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitFoldIn;
import java.util.Locale;
import java.util.Map;

/**
 * How to fold a user into a served model: the regularisation and confidence its trainers used, persisted
 * with the model ({@link ModelCodec} format 2), so serving solves new users exactly as training solved the
 * model's own users, whatever the settings are now.
 *
 * @param rating  the rating model's ALS row solve (SGD models are folded in with it too, with their λ)
 * @param ranking the ranking model's implicit row solve; null when the rating model also ranks
 */
public record FoldInRecipe(RatingSolve rating, RankingSolve ranking) {

    /** Ridge row solve of the rating model: λ on the factors (times n_u when weighted), λ_b on the bias. */
    public record RatingSolve(double lambda, double biasLambda, boolean weightedLambda, boolean biases) {

        /** The recipe of a rating model an {@link dev.latent.factorization.AlsTrainer} trained with {@code c}. */
        public static RatingSolve of(AlsConfig c) {
            return new RatingSolve(c.lambda(), c.biasLambda(), c.weightedLambda(), c.biases());
        }
    }

    /** Implicit row solve of the ranking model: λ and the confidence c = 1 + α·f(r). */
    public record RankingSolve(double lambda, ImplicitAlsConfig.Confidence confidence, double alpha, double shift) {

        public static RankingSolve of(ImplicitAlsConfig c) {
            return new RankingSolve(c.lambda(), c.confidence(), c.alpha(), c.shift());
        }
    }

    /** The rating model's fold-in solver (build once per model: it holds per-thread workspaces). */
    public FoldIn ratingFoldIn(FactorModel model) {
        return new FoldIn(model, rating.lambda(), rating.biasLambda(), rating.weightedLambda(), rating.biases());
    }

    /** The ranking model's fold-in solver (precomputes YᵀY: build once per model). */
    public ImplicitFoldIn rankingFoldIn(FactorModel model) {
        if (ranking == null) {
            throw new IllegalStateException("this model ranks with its rating model: fold in with ratingFoldIn");
        }
        return new ImplicitFoldIn(model, ImplicitAlsConfig.DEFAULTS.withRank(model.rank()).withLambda(ranking.lambda())
                .withConfidence(ranking.confidence(), ranking.alpha(), ranking.shift()));
    }

    /**
     * The recipe of a model stored in format 1, which kept it only in its descriptive parameters. Every such
     * model stored {@code lambda} and, with a ranking model, the {@code ranking.*} keys; the bias λ and the
     * weighting were engine constants then (SGD models did not store a bias λ). A model lacking a key is
     * refused rather than folded in with today's settings.
     *
     * @throws IllegalArgumentException naming the missing key
     */
    public static FoldInRecipe fromLegacyParameters(Map<String, Object> p, boolean separateRanking) {
        AlsConfig d = AlsConfig.DEFAULTS;
        RatingSolve rating = new RatingSolve(number(p, "lambda"),
                p.get("biasLambda") instanceof Number n ? n.doubleValue() : d.biasLambda(), d.weightedLambda(), true);
        if (!separateRanking) {
            return new FoldInRecipe(rating, null);
        }
        Object form = p.get("ranking.confidence");
        if (form == null) {
            throw new IllegalArgumentException("stored parameters lack ranking.confidence");
        }
        return new FoldInRecipe(rating, new RankingSolve(number(p, "ranking.lambda"),
                ImplicitAlsConfig.Confidence.valueOf(form.toString().toUpperCase(Locale.ROOT)),
                number(p, "ranking.alpha"), number(p, "ranking.shift")));
    }

    private static double number(Map<String, Object> p, String key) {
        if (p.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("stored parameters lack " + key);
    }
}
