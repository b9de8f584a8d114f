package dev.latent.tuning;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.FoldIn;
import dev.latent.factorization.RatingMatrix;
import dev.latent.model.IdIndex;
import dev.latent.model.IdMap;

/**
 * A model of an earlier run carried over into a new run's index space, so the one held-out measurement can
 * score it on the new run's held-out part beside the new model (the quality gate). Users and items are
 * matched by id; a user the old model does not know is folded in from their ratings in the new training
 * part (as serving would fold them in), an item it does not know gets zero factors and bias (it could not
 * serve it).
 */
public final class ServedBaseline {

    /** Folds in one user from (old-model item index, rating) pairs. */
    @FunctionalInterface
    public interface UserSolver {
        FoldIn.User solve(int[] items, float[] ratings, int n);
    }

    private ServedBaseline() {
    }

    /**
     * @param model    the old model over {@code oldUsers} × {@code oldItems}
     * @param newUsers the new run's user ids (index = new index)
     * @param newItems the new run's item ids
     * @param train    the new run's training part (new indices), whose rows fold in unknown users
     * @param fold     the old model's fold-in (its own recipe)
     */
    public static FactorModel remap(FactorModel model, IdIndex oldUsers, IdIndex oldItems, IdMap newUsers,
                                    IdMap newItems, RatingMatrix train, UserSolver fold) {
        int k = model.rank();
        int nu = newUsers.size();
        int ni = newItems.size();
        int[] itemOf = new int[ni];
        float[] q = new float[ni * k];
        float[] bi = new float[ni];
        for (int i = 0; i < ni; i++) {
            int o = oldItems.index(newItems.raw(i));
            itemOf[i] = o;
            if (o >= 0) {
                System.arraycopy(model.itemFactors(), o * k, q, i * k, k);
                bi[i] = model.itemBias()[o];
            }
        }
        float[] p = new float[nu * k];
        float[] bu = new float[nu];
        int[] items = new int[0];
        float[] values = new float[0];
        for (int u = 0; u < nu; u++) {
            int o = oldUsers.index(newUsers.raw(u));
            if (o >= 0) {
                System.arraycopy(model.userFactors(), o * k, p, u * k, k);
                bu[u] = model.userBias()[o];
                continue;
            }
            if (u >= train.numUsers()) {
                continue;
            }
            int a = train.userPtr()[u];
            int b = train.userPtr()[u + 1];
            if (items.length < b - a) {
                items = new int[b - a];
                values = new float[b - a];
            }
            int n = 0;
            for (int e = a; e < b; e++) {
                int old = itemOf[train.userItems()[e]];
                if (old >= 0) {
                    items[n] = old;
                    values[n++] = train.userRatings()[e];
                }
            }
            sortByItem(items, values, n);
            FoldIn.User user = fold.solve(items, values, n);
            System.arraycopy(user.factors(), 0, p, u * k, k);
            bu[u] = user.bias();
        }
        return new FactorModel(k, nu, ni, model.globalMean(), bu, bi, p, q);
    }

    /** Fold-in solvers expect ascending item indices (the order training sees them in). */
    private static void sortByItem(int[] items, float[] values, int n) {
        long[] packed = new long[n];
        for (int j = 0; j < n; j++) {
            packed[j] = ((long) items[j] << 32) | Float.floatToRawIntBits(values[j]) & 0xFFFFFFFFL;
        }
        java.util.Arrays.sort(packed);
        for (int j = 0; j < n; j++) {
            items[j] = (int) (packed[j] >>> 32);
            values[j] = Float.intBitsToFloat((int) packed[j]);
        }
    }
}
