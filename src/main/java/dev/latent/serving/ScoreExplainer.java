package dev.latent.serving;

import dev.latent.factorization.Explanations;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitFoldIn;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.ServedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * "Because you rated ...": splits a user's score of an item into one term per item the user rated (see
 * {@link Explanations} for the math). With an implicit-ALS ranking model this is the decomposition of Hu,
 * Koren and Volinsky (2008, §5) over the user's ratings as the store holds them now, so it covers folded-in
 * users and users of the model alike; the terms add up to the score of the user solved against the served
 * item factors (for a user of the model, the score of their trained factor up to the last ALS half-step).
 * When the rating model ranks, the terms split the factor part of the ridge solve given the user's bias,
 * each rated item weighted by its residual rating r − μ − b_u − b_i.
 */
@Component
public class ScoreExplainer {

    /** One rated item's share in a score. */
    public record Because(String itemId, float weight) {
    }

    private final UserRatingsReader userRatings;
    private final Folding folding;
    private final LiveChanges changes;

    ScoreExplainer(UserRatingsReader userRatings, Folding folding, LiveChanges changes) {
        this.userRatings = userRatings;
        this.folding = folding;
        this.changes = changes;
    }

    /**
     * For each target (model indices), the {@code max} rated items with the largest terms, largest first.
     *
     * @param userBias the user's rating-model bias (used when the rating model ranks)
     */
    List<List<Because>> explain(ServedModel m, String userId, float userBias, int[] targets, int max) {
        UserRatingsReader.UserRatings ur = userRatings.read(userId);
        int[] rated = new int[ur.size()];
        float[] values = new float[ur.size()];
        int n = 0;
        for (int k = 0; k < ur.size(); k++) {
            int i = m.items().index(ur.itemIds()[k]);
            if (i >= 0 && !changes.itemDeletedAfter(ur.itemIds()[k], m.changeSeq())) {
                rated[n] = i;
                values[n++] = ur.ratings()[k];
            }
        }
        List<List<Because>> out = new ArrayList<>(targets.length);
        if (n == 0) {
            for (int t = 0; t < targets.length; t++) {
                out.add(List.of());
            }
            return out;
        }
        FactorModel model = m.ranking();
        float[] g = new float[n];
        float[] w = new float[n];
        double[] base;
        double lambda;
        ImplicitFoldIn implicit = m.ranking() == m.rating() ? null : folding.rankingFoldIn(m);
        if (implicit != null) {
            for (int j = 0; j < n; j++) {
                w[j] = (float) implicit.config().confidence(values[j]);
                g[j] = w[j] - 1;
            }
            base = implicit.gram();
            lambda = implicit.config().lambda();
        } else {
            FoldInRecipe.RatingSolve solve = m.foldIn().rating();
            for (int j = 0; j < n; j++) {
                g[j] = 1;
                w[j] = values[j] - model.globalMean() - userBias - model.itemBias()[rated[j]];
            }
            base = null;
            lambda = solve.weightedLambda() ? solve.lambda() * n : solve.lambda();
        }
        float[] terms = new Explanations(model.rank()).contributions(model.itemFactors(), base, lambda, rated, g, w, n,
                targets, targets.length);
        Integer[] order = new Integer[n];
        for (int t = 0; t < targets.length; t++) {
            int offset = t * n;
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -terms[offset + j]));
            List<Because> top = new ArrayList<>(Math.min(max, n));
            for (int r = 0; r < Math.min(max, n); r++) {
                int j = order[r];
                top.add(new Because(m.items().id(rated[j]), terms[offset + j]));
            }
            out.add(top);
        }
        return out;
    }
}
