package dev.latent.factorization;

import java.util.Arrays;

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
    private volatile float[][] factorRows;

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
        for (int i = 0; i < numItems; i++) {
            out[i] = base + itemBias[i];
        }
        addDots(pu, offset, out);
    }

    /**
     * Adds {@code p · q_i} to {@code out[i]} for every item, one factor at a time over the factor-major copy
     * of the item factors: each pass is an independent multiply-add over contiguous arrays, which the JIT
     * turns into SIMD instructions (a dot product per item is a dependent chain it does not vectorize;
     * compare {@code KernelBenchmark.scoreAll} with {@code scoreAllByDots}).
     */
    private void addDots(float[] p, int offset, float[] out) {
        float[][] rows = factorRows();
        int n = numItems;
        int f = 0;
        for (; f + 4 <= rank; f += 4) {
            float p0 = p[offset + f];
            float p1 = p[offset + f + 1];
            float p2 = p[offset + f + 2];
            float p3 = p[offset + f + 3];
            float[] t0 = rows[f];
            float[] t1 = rows[f + 1];
            float[] t2 = rows[f + 2];
            float[] t3 = rows[f + 3];
            for (int i = 0; i < n; i++) {
                out[i] += (p0 * t0[i] + p1 * t1[i]) + (p2 * t2[i] + p3 * t3[i]);
            }
        }
        for (; f < rank; f++) {
            float pf = p[offset + f];
            float[] t = rows[f];
            for (int i = 0; i < n; i++) {
                out[i] += pf * t[i];
            }
        }
    }

    /**
     * Builds the factor-major copy of the item factors that {@link #scoreAll} and {@link #similarities} use
     * now rather than on the first request (O(items · k), a few ms at 60,000 items). Returns this model.
     */
    public FactorModel prepareScoring() {
        factorRows();
        return this;
    }

    /** The item factors factor-major, {@code rows[f][i]}: built on first use (scoring), then kept. */
    private float[][] factorRows() {
        float[][] rows = factorRows;
        if (rows == null) {
            rows = new float[rank][numItems];
            for (int i = 0, o = 0; i < numItems; i++, o += rank) {
                for (int f = 0; f < rank; f++) {
                    rows[f][i] = itemFactors[o + f];
                }
            }
            factorRows = rows; // a racing thread builds the same copy; either one is fine
        }
        return rows;
    }

    /**
     * Writes the cosine of item {@code i}'s factors with every item's into {@code out} and returns it; NaN
     * for the item itself and for items with a zero vector (no defined cosine).
     */
    public float[] similarities(int i, float[] out) {
        Arrays.fill(out, 0, numItems, 0f);
        addDots(itemFactors, i * rank, out);
        float ni = itemNorms[i];
        for (int j = 0; j < numItems; j++) {
            float nj = itemNorms[j];
            out[j] = (j == i || ni == 0f || nj == 0f) ? Float.NaN : out[j] / (ni * nj);
        }
        return out;
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
