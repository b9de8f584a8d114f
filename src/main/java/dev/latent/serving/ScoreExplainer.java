package dev.latent.serving;

import dev.latent.factorization.CholeskyFactor;
import dev.latent.factorization.Explanations;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitFoldIn;
import dev.latent.factorization.TopN;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.ServedModel;
import dev.latent.ratings.RatingReads;
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

    private final RatingReads userRatings;
    private final Folding folding;
    private final LiveChanges changes;
    private final ExplanationCache systems;
    /** One workspace per request thread and rank (Explanations is not thread-safe; its buffers are reused). */
    private final ThreadLocal<Explanations> workspaces = new ThreadLocal<>();

    ScoreExplainer(RatingReads userRatings, Folding folding, LiveChanges changes, ExplanationCache systems) {
        this.userRatings = userRatings;
        this.folding = folding;
        this.changes = changes;
        this.systems = systems;
    }

    /** The user's rated items (model indices, ascending, deleted ones left out) and their ratings: read only. */
    private record Rows(int[] rated, float[] values, int n) {
    }

    /** The weights of the rated items in the user's row system: g_j on its Gram, w_j on its right-hand side. */
    private record Weights(float[] gram, float[] rhs, double[] base, double lambda) {
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
     *
     * <p>The factor of the user's row system and the weights come from the {@link ExplanationCache} when it
     * holds them for these very rows (rated items and ratings) under this model (else they are computed here
     * and kept), so only a user's first explanation under a model and rating state pays for building and
     * factorising it; the terms are the same bit for bit either way. The top terms of the targets the entry
     * remembers (its {@link ExplanationCache.Memo}: the user's last explained items) are taken from it, and
     * only the others are computed (and then remembered): the same terms, since each target's terms depend
     * on the factor, the weights and the item factors alone, not on the other targets solved beside it, and
     * a top list of more terms begins with the top list of fewer (one total order: weight, then position).
     */
    List<List<Because>> explain(ServedModel m, String userId, UserView user, int[] targets, int max) {
        Rows rows = rows(m, userId, user);
        int n = rows.n();
        List<List<Because>> out = new ArrayList<>(targets.length);
        if (n == 0) {
            for (int t = 0; t < targets.length; t++) {
                out.add(List.of());
            }
            return out;
        }
        FactorModel model = m.ranking();
        int[] rated = rows.rated();
        Explanations workspace = workspace(model.rank());
        ExplanationCache.Hit hit = systems.get(userId, m.version(), rated, rows.values(), n);
        CholeskyFactor system;
        float[] rhs;
        ExplanationCache.Memo memo;
        if (hit != null) {
            system = hit.system();
            rhs = hit.weight();
            memo = hit.memo();
        } else {
            Weights weights = weights(m, user, rows);
            system = workspace.system(model.itemFactors(), weights.base(), weights.lambda(), rated, weights.gram(),
                    weights.rhs(), n);
            rhs = weights.rhs();
            memo = user.changeSeq() == UserView.UNKNOWN ? null
                    : systems.put(userId, m.version(), user.changeSeq(), rated, rows.values(), rhs, n, system);
        }
        int keep = Math.min(max, n);
        ExplanationCache.Terms[] known = new ExplanationCache.Terms[targets.length];
        int missing = 0;
        for (int t = 0; t < targets.length; t++) {
            if (memo == null || (known[t] = memo.get(targets[t], keep)) == null) {
                missing++;
            }
        }
        systems.explained(targets.length - missing, missing);
        if (missing > 0) { // the targets not remembered, in their order: each one's terms do not depend on the others
            int[] rest = targets;
            if (missing < targets.length) {
                rest = new int[missing];
                for (int t = 0, q = 0; t < targets.length; t++) {
                    if (known[t] == null) {
                        rest[q++] = targets[t];
                    }
                }
            }
            float[] terms = workspace.contributions(system, model.itemFactors(), rated, rhs, n, rest, missing);
            for (int t = 0, q = 0; t < targets.length; t++) {
                if (known[t] == null) {
                    TopN.Ranked top = TopN.select(terms, q++ * n, n, keep);
                    known[t] = new ExplanationCache.Terms(targets[t], keep, top.indices(), top.scores());
                    if (memo != null) {
                        memo.put(known[t]);
                    }
                }
            }
        }
        for (ExplanationCache.Terms terms : known) { // a memo's top list of more terms begins with these
            int size = Math.min(keep, terms.positions().length);
            List<Because> because = new ArrayList<>(size);
            for (int r = 0; r < size; r++) {
                because.add(new Because(m.items().id(rated[terms.positions()[r]]), terms.weights()[r]));
            }
            out.add(because);
        }
        return out;
    }

    /**
     * Keeps the factor of the ranking system a fold-in of the user just solved (for an explanation), so the
     * explanation reuses it instead of building the same one again. Only when the explanation will take the
     * same rows: none of the fold-in's items deleted since.
     */
    void offer(ServedModel m, String userId, UserView folded, CholeskyFactor system) {
        if (folded.ratedValues() == null || folded.changeSeq() == UserView.UNKNOWN || m.ranking() == m.rating()) {
            return;
        }
        Rows rows = rows(m, userId, folded);
        if (rows.n() != folded.ratedItems().length || rows.n() == 0) {
            return;
        }
        Weights weights = weights(m, folded, rows);
        systems.put(userId, m.version(), folded.changeSeq(), rows.rated(), rows.values(), weights.rhs(), rows.n(),
                system);
    }

    private Rows rows(ServedModel m, String userId, UserView user) {
        int[] rated;
        float[] values;
        int n;
        if (user.ratedValues() != null) {
            rated = user.ratedItems();
            values = user.ratedValues();
            n = rated.length;
            if (changes.anyItemDeletedAfter(m.changeSeq())) { // the view's arrays are only read, else copied
                rated = rated.clone();
                values = values.clone();
                n = withoutDeleted(m, rated, values, n);
            }
        } else {
            RatingReads.UserRatings ur = userRatings.ofUser(userId);
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
        return new Rows(rated, values, n);
    }

    /**
     * Implicit ranking model: g_j = c_j − 1 and w_j = c_j rounded to float exactly as the fold-in's row solve
     * rounds them ({@code ImplicitRowSolver}), so the system is the one the fold-in factorised. Rating model:
     * g_j = 1 and w_j the residual rating.
     */
    private Weights weights(ServedModel m, UserView user, Rows rows) {
        int n = rows.n();
        float[] values = rows.values();
        int[] rated = rows.rated();
        float[] g = new float[n];
        float[] w = new float[n];
        ImplicitFoldIn implicit = m.ranking() == m.rating() ? null : folding.rankingFoldIn(m);
        if (implicit != null) {
            for (int j = 0; j < n; j++) {
                double c = implicit.config().confidence(values[j]);
                g[j] = (float) (c - 1);
                w[j] = (float) c;
            }
            return new Weights(g, w, implicit.gram(), implicit.config().lambda());
        }
        FactorModel model = m.ranking();
        FoldInRecipe.RatingSolve solve = m.foldIn().rating();
        for (int j = 0; j < n; j++) {
            g[j] = 1;
            w[j] = values[j] - model.globalMean() - user.ratingBias() - model.itemBias()[rated[j]];
        }
        return new Weights(g, w, null, solve.weightedLambda() ? solve.lambda() * n : solve.lambda());
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

    private Explanations workspace(int rank) {
        Explanations e = workspaces.get();
        if (e == null || e.rank() != rank) {
            e = new Explanations(rank);
            workspaces.set(e);
        }
        return e;
    }
}
