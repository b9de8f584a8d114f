package dev.latent.factorization;

import java.util.function.IntPredicate;

/**
 * An immutable factor model over dense user and item indices:
 * <pre>  r̂(u, i) = μ + b_u + b_i + p_u · q_i</pre>
 * with global mean μ, biases b, user factors p_u and item factors q_i of rank k, stored row-major in flat
 * arrays ({@code userFactors[u * k + f]}). A model without biases (a ranking model) has μ = 0 and zero bias
 * arrays. Arrays handed in are owned by the model afterwards and never modified; accessors return them
 * without copying, so callers must not write into them.
 */
public final class FactorModel {

    private final int rank;
    private final int numUsers;
    private final int numItems;
    private final float globalMean;
    private final float[] userBias;
    private final float[] itemBias;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final float[] itemNorms;

    public FactorModel(int rank, int numUsers, int numItems, float globalMean, float[] userBias,
                       float[] itemBias, float[] userFactors, float[] itemFactors) {
        if (rank < 0 || userBias.length != numUsers || itemBias.length != numItems
                || userFactors.length != (long) numUsers * rank || itemFactors.length != (long) numItems * rank) {
            throw new IllegalArgumentException("array sizes do not match rank " + rank + ", " + numUsers
                    + " users, " + numItems + " items");
        }
        this.rank = rank;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.globalMean = globalMean;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.itemNorms = new float[numItems];
        for (int i = 0; i < numItems; i++) {
            double s = 0;
            for (int f = 0, o = i * rank; f < rank; f++) {
                s += (double) itemFactors[o + f] * itemFactors[o + f];
            }
            itemNorms[i] = (float) Math.sqrt(s);
        }
    }

    /** A model with zero biases and zero mean: scores are plain dot products. */
    public static FactorModel withoutBiases(int rank, int numUsers, int numItems, float[] userFactors,
                                            float[] itemFactors) {
        return new FactorModel(rank, numUsers, numItems, 0f, new float[numUsers], new float[numItems],
                userFactors, itemFactors);
    }

    public int rank() {
        return rank;
    }

    public int numUsers() {
        return numUsers;
    }

    public int numItems() {
        return numItems;
    }

    public float globalMean() {
        return globalMean;
    }

    public float[] userBias() {
        return userBias;
    }

    public float[] itemBias() {
        return itemBias;
    }

    public float[] userFactors() {
        return userFactors;
    }

    public float[] itemFactors() {
        return itemFactors;
    }

    /** Euclidean norm of each item's factor vector. */
    public float[] itemNorms() {
        return itemNorms;
    }

    /** Unclipped prediction μ + b_u + b_i + p_u · q_i for a user and item of the model. */
    public float predict(int u, int i) {
        return globalMean + userBias[u] + itemBias[i] + dot(userFactors, u * rank, itemFactors, i * rank, rank);
    }

    /** Unclipped prediction for a user given by bias and factor vector (a folded-in user). */
    public float predict(float bu, float[] pu, int i) {
        return globalMean + bu + itemBias[i] + dot(pu, 0, itemFactors, i * rank, rank);
    }

    /** Prediction clipped to {@code [min, max]}. */
    public float predict(int u, int i, float min, float max) {
        return Math.max(min, Math.min(max, predict(u, i)));
    }

    /** Writes the unclipped prediction of user {@code u} for every item into {@code out[0..numItems)}. */
    public void scoreAll(int u, float[] out) {
        scoreAll(userBias[u], userFactors, u * rank, out);
    }

    /** Scores every item for a user given by bias and factor vector (a folded-in user). Cost O(items · k). */
    public void scoreAll(float bu, float[] pu, float[] out) {
        scoreAll(bu, pu, 0, out);
    }

    private void scoreAll(float bu, float[] pu, int offset, float[] out) {
        float base = globalMean + bu;
        float[] q = itemFactors;
        int k = rank;
        // Four independent partial sums: one running sum is a chain of dependent adds the JIT may not reorder.
        int k4 = k & ~3;
        for (int i = 0, o = 0; i < numItems; i++, o += k) {
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int f = 0;
            for (; f < k4; f += 4) {
                s0 += pu[offset + f] * q[o + f];
                s1 += pu[offset + f + 1] * q[o + f + 1];
                s2 += pu[offset + f + 2] * q[o + f + 2];
                s3 += pu[offset + f + 3] * q[o + f + 3];
            }
            for (; f < k; f++) {
                s0 += pu[offset + f] * q[o + f];
            }
            out[i] = base + itemBias[i] + ((s0 + s1) + (s2 + s3));
        }
    }

    /** Top-n items for user {@code u} by predicted score, skipping {@code excluded} items (may be null). */
    public TopN.Ranked recommend(int u, int n, IntPredicate excluded) {
        float[] scores = new float[numItems];
        scoreAll(u, scores);
        return TopN.select(scores, n, excluded);
    }

    /**
     * The n items whose factor vectors have the highest cosine with item {@code i}'s, the item itself and
     * {@code excluded} left out. Items with a zero vector have no defined cosine and are skipped.
     */
    public TopN.Ranked similar(int i, int n, IntPredicate excluded) {
        float[] sims = new float[numItems];
        float ni = itemNorms[i];
        int k = rank;
        for (int j = 0; j < numItems; j++) {
            float nj = itemNorms[j];
            sims[j] = (j == i || ni == 0f || nj == 0f)
                    ? Float.NaN
                    : dot(itemFactors, i * k, itemFactors, j * k, k) / (ni * nj);
        }
        return TopN.select(sims, n, excluded);
    }

    /**
     * Copies this model into the start arrays of a trainer over a grown index space (users and items
     * {@code 0..numUsers()-1}, {@code 0..numItems()-1} mean the same there); the rest keeps its random start.
     * Biases are copied when {@code bu} and {@code bi} are not null.
     *
     * @throws IllegalArgumentException if the rank differs or the model has more users or items than the arrays
     */
    void copyInto(int k, int nu, int ni, float[] p, float[] q, float[] bu, float[] bi) {
        if (rank != k || numUsers > nu || numItems > ni) {
            throw new IllegalArgumentException("warm start of rank " + rank + " over " + numUsers + "x" + numItems
                    + " does not fit rank " + k + " over " + nu + "x" + ni);
        }
        System.arraycopy(userFactors, 0, p, 0, userFactors.length);
        System.arraycopy(itemFactors, 0, q, 0, itemFactors.length);
        if (bu != null && bi != null) {
            System.arraycopy(userBias, 0, bu, 0, numUsers);
            System.arraycopy(itemBias, 0, bi, 0, numItems);
        }
    }

    static float dot(float[] a, int ao, float[] b, int bo, int k) {
        float s = 0f;
        for (int f = 0; f < k; f++) {
            s += a[ao + f] * b[bo + f];
        }
        return s;
    }
}
