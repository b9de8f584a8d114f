package dev.latent.serving;

import dev.latent.factorization.Explanations;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitFoldIn;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.ServedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * "Because you rated ...": splits a user's score of an item into one term per item the user rated (see
 * {@link Explanations} for the math). With an implicit-ALS ranking model this is the decomposition of Hu,
 * Koren and Volinsky (2008, §5) over the user's ratings (the model's own for a user of the model unchanged since
 * its snapshot, what the fold-in read for a folded-in user: the store's current ratings either way), so it
 * covers folded-in users and users of the model alike; the terms add up to the score of the user solved against the served
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
    /** One workspace per request thread and rank (Explanations is not thread-safe; its buffers are reused). */
    private final ThreadLocal<Explanations> workspaces = new ThreadLocal<>();

    ScoreExplainer(UserRatingsReader userRatings, Folding folding, LiveChanges changes) {
        this.userRatings = userRatings;
        this.folding = folding;
        this.changes = changes;
    }

    /**
     * For each target (model indices), the {@code max} rated items with the largest terms, largest first (ties:
     * the lower model index first).
     *
     * <p>The user's ratings come from the view when it holds them: a user of the model unchanged since its
     * snapshot is explained from the ratings the model was trained on, a folded-in user from the ratings its
     * fold-in read, so neither reads the store. Only a model stored without rating values (formats before 4)
     * makes a user of the model read them from the store. Either way the rated items are taken in ascending
     * model index, so both sources give the same terms bit for bit.
     */
    List<List<Because>> explain(ServedModel m, String userId, UserView user, int[] targets, int max) {
        int[] rated;
        float[] values;
        int n;
        if (user.ratedValues() != null) {
            rated = user.ratedItems().clone();
            values = user.ratedValues().clone();
            n = withoutDeleted(m, rated, values, rated.length);
        } else {
            UserRatingsReader.UserRatings ur = userRatings.read(userId);
            long[] packed = new long[ur.size()];
            n = 0;
            for (int k = 0; k < ur.size(); k++) {
                int i = m.items().index(ur.itemIds()[k]);
                if (i >= 0) {
                    packed[n++] = ((long) i << 32) | k;
                }
            }
            Arrays.sort(packed, 0, n);
            rated = new int[n];
            values = new float[n];
            for (int j = 0; j < n; j++) {
                rated[j] = (int) (packed[j] >>> 32);
                values[j] = ur.ratings()[(int) packed[j]];
            }
            n = withoutDeleted(m, rated, values, n);
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
                w[j] = values[j] - model.globalMean() - user.ratingBias() - model.itemBias()[rated[j]];
            }
            base = null;
            lambda = solve.weightedLambda() ? solve.lambda() * n : solve.lambda();
        }
        float[] terms = workspace(model.rank()).contributions(model.itemFactors(), base, lambda, rated, g, w, n,
                targets, targets.length);
        int keep = Math.min(max, n);
        int[] top = new int[keep];
        for (int t = 0; t < targets.length; t++) {
            int found = largest(terms, t * n, n, top);
            List<Because> because = new ArrayList<>(found);
            for (int r = 0; r < found; r++) {
                because.add(new Because(m.items().id(rated[top[r]]), terms[t * n + top[r]]));
            }
            out.add(because);
        }
        return out;
    }

    /** Drops the items deleted since the model from the first {@code n} pairs, in place; the count left. */
    private int withoutDeleted(ServedModel m, int[] rated, float[] values, int n) {
        if (!changes.anyItemDeletedAfter(m.changeSeq())) {
            return n;
        }
        int kept = 0;
        for (int j = 0; j < n; j++) {
            if (!changes.itemDeletedAfter(m.items().id(rated[j]), m.changeSeq())) {
                rated[kept] = rated[j];
                values[kept++] = values[j];
            }
        }
        return kept;
    }

    /**
     * The positions {@code j} of the {@code top.length} largest of {@code terms[offset .. offset + n)} into
     * {@code top}, largest first, ties by the lower position: the order a stable sort by descending term gives,
     * by a partial insertion selection (O(n · top.length), no boxing). Returns how many were found.
     */
    static int largest(float[] terms, int offset, int n, int[] top) {
        int size = 0;
        for (int j = 0; j < n; j++) {
            double key = -terms[offset + j];
            if (size == top.length && Double.compare(-terms[offset + top[size - 1]], key) <= 0) {
                continue;
            }
            int p = size == top.length ? size - 1 : size++;
            while (p > 0 && Double.compare(-terms[offset + top[p - 1]], key) > 0) {
                top[p] = top[p - 1];
                p--;
            }
            top[p] = j;
        }
        return size;
    }

    private Explanations workspace(int rank) {
        Explanations e = workspaces.get();
        if (e == null || e.rank() != rank) {
            e = new Explanations(rank);
            workspaces.set(e);
        }
        return e;
    }
}
