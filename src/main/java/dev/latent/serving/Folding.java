package dev.latent.serving;

import dev.latent.factorization.CholeskyFactor;
import dev.latent.factorization.FoldIn;
import dev.latent.factorization.RatingFoldIn;
import dev.latent.factorization.ImplicitFoldIn;
import dev.latent.model.ServedModel;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Solves a user on the fly against a served model's fixed item factors, with the same row solves as
 * training: the rating model's ALS row solve (bias and factor) and the ranking model's implicit row solve.
 * The solvers of the served model are built once per model version (the ranking one precomputes YᵀY) from
 * the model's own {@link dev.latent.model.FoldInRecipe}, so a change of settings never mismatches a served
 * model.
 */
@Component
public class Folding {

    private record Solvers(long version, RatingFoldIn rating, ImplicitFoldIn ranking) {
    }

    private final Map<Long, Solvers> solvers = new ConcurrentHashMap<>();

    /**
     * Folds in a user from their ratings given as client item ids; items the model does not know are
     * skipped (they count in {@link FoldedUser#ratings()} but cannot shape the factors).
     *
     * @param changeSeq the {@link LiveChanges} sequence read before the ratings were read
     */
    public FoldedUser fold(ServedModel m, String[] itemIds, float[] ratings, long changeSeq) {
        return fold(m, itemIds, ratings, changeSeq, null);
    }

    /**
     * As {@link #fold(ServedModel, String[], float[], long)}; with {@code system} not null and an implicit
     * ranking model, also hands it the Cholesky factor of the ranking row system the fold-in solved (the one an
     * explanation of the user needs, bit for bit) with the user it belongs to.
     */
    public FoldedUser fold(ServedModel m, String[] itemIds, float[] ratings, long changeSeq,
                           java.util.function.BiConsumer<FoldedUser, CholeskyFactor> system) {
        int[] items = new int[itemIds.length];
        float[] values = new float[itemIds.length];
        int n = 0;
        // Sort by model index so the solve and the "rated" list are deterministic and searchable.
        long[] packed = new long[itemIds.length];
        for (int k = 0; k < itemIds.length; k++) {
            int i = m.items().index(itemIds[k]);
            if (i >= 0) {
                packed[n++] = ((long) i << 32) | k;
            }
        }
        Arrays.sort(packed, 0, n);
        for (int j = 0; j < n; j++) {
            items[j] = (int) (packed[j] >>> 32);
            values[j] = ratings[(int) packed[j]];
        }
        Solvers s = solvers(m);
        FoldIn.User rating = s.rating().solve(items, values, n);
        float[] ranking;
        CholeskyFactor factor = null;
        if (m.ranking() == m.rating()) {
            ranking = rating.factors();
        } else if (system != null) {
            ImplicitFoldIn.Solved solved = s.ranking().userFactorsAndSystem(items, values, n);
            ranking = solved.factors();
            factor = solved.system();
        } else {
            ranking = s.ranking().userFactors(items, values, n);
        }
        FoldedUser folded = new FoldedUser(m.version(), rating.bias(), rating.factors(), ranking,
                Arrays.copyOf(items, n), itemIds.length, changeSeq, Arrays.copyOf(values, n));
        if (factor != null) {
            system.accept(folded, factor);
        }
        return folded;
    }

    /** The ranking model's implicit solver of {@code m} (its YᵀY and confidence); null when the rating model ranks. */
    public ImplicitFoldIn rankingFoldIn(ServedModel m) {
        return solvers(m).ranking();
    }

    private Solvers solvers(ServedModel m) {
        Solvers s = solvers.get(m.version());
        if (s == null) {
            s = new Solvers(m.version(), m.foldIn().ratingFoldIn(m.rating()),
                    m.ranking() == m.rating() ? null : m.foldIn().rankingFoldIn(m.ranking()));
            solvers.keySet().removeIf(v -> v < m.version());
            solvers.put(m.version(), s);
        }
        return s;
    }
}
