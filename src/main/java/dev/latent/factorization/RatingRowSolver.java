package dev.latent.factorization;

/**
 * Solves one row of explicit ALS with biases by a few steps of preconditioned conjugate gradient, warm-started
 * from the row's previous value, without forming its normal equations (Takács, Pilászy and Tikk 2011 do the
 * same for implicit ALS; {@link ImplicitRowSolver} here). For a row with cells e (fixed-side vectors x_e,
 * targets y_e = r_e − μ − b_e) and unknowns z = [p; b] it works on
 * <pre>  (XᵀX + diag(λ, …, λ, λ_b)) z = Xᵀy,   X = [x_e, 1]  (n × (k+1))</pre>
 * the system {@link NormalEquations} forms and factors, with A·v = Xᵀ(X v) + λv computed as two passes over
 * the row's vectors instead of the k² Gram: one step costs 4nk flops where the exact solve costs nk(k+1) for
 * the Gram plus (k+1)³/3 for Cholesky — at k = 64, 3 steps plus the starting residual are about 1/4 of the
 * flops, and every pass is a multiply-add over contiguous floats that HotSpot compiles to SIMD instructions.
 *
 * <p>Layout: the row's vectors are gathered, {@link #CHUNK} at a time, into two float copies — by cell (for
 * Xᵀt, an axpy over the k factors) and by factor (for X v, an axpy over the cells) — since a dot product per
 * cell is a dependent chain of adds the JIT does not vectorise. Each copy is an array of arrays indexed from 0,
 * not one flat array at invariant offsets: HotSpot 17 vectorised the flat form poorly (the whole CG sweep took
 * 0.60 s of CPU flat, 0.30 s so, on this machine). The by-factor copy is written four cells at a time (a sweep
 * of 0.30 s became 0.24 s). A row of at most {@link #CHUNK} cells (most rows) is gathered once and reused by
 * every step; a longer row is streamed through the chunk buffers each pass, so the workspace does not grow with
 * the longest row beyond three floats per cell (target, per-cell X v, residual). Sums over a chunk are float;
 * chunks are added in double, as are all k-vectors of the iteration.
 *
 * <p>Preconditioner: the diagonal of A (Jacobi), which evens out the bias unknown (diagonal n(1 + λ_b)) against
 * the factors (Σ x_ef² + λn); it costs one pass, made together with the starting residual.
 *
 * <p>A workspace for one thread; not thread-safe; allocates nothing per row once its per-cell buffers have
 * grown to the longest row seen.
 */
final class RatingRowSolver {

    /** Cells gathered at a time: 2 × 512 × 64 floats = 256 KB, within the L2 cache of one core here. */
    static final int CHUNK = 512;

    private final int k;
    private final boolean intercept;
    private final int dim;
    /** {@code byCell[e][f]}: cell e's vector; separate arrays so every kernel indexes from 0 (see above). */
    private final float[][] byCell;
    /** {@code byFactor[f][e]}: the same vectors factor-major. */
    private final float[][] byFactor;
    private final float[] chunkSum;
    private final float[] chunkProduct;
    private final float[] vf;
    private final double[] x;
    private final double[] r;
    private final double[] z;
    private final double[] p;
    private final double[] ap;
    private final double[] diag;
    private float[] target = new float[CHUNK];
    private float[] residual = new float[CHUNK];
    private float[] product = new float[CHUNK];
    /** Cells [gatheredFrom, gatheredTo) of the current row are in the chunk buffers; empty when from == to. */
    private int gatheredFrom;
    private int gatheredTo;

    /**
     * @param rank      k, the length of each fixed-side vector
     * @param intercept whether the row has a bias unknown (a constant 1 appended to every vector)
     */
    RatingRowSolver(int rank, boolean intercept) {
        this.k = rank;
        this.intercept = intercept;
        this.dim = rank + (intercept ? 1 : 0);
        this.byCell = new float[CHUNK][rank];
        this.byFactor = new float[rank][CHUNK];
        this.chunkSum = new float[rank];
        this.chunkProduct = new float[CHUNK];
        this.vf = new float[dim];
        this.x = new double[dim];
        this.r = new double[dim];
        this.z = new double[dim];
        this.p = new double[dim];
        this.ap = new double[dim];
        this.diag = new double[dim];
    }

    /**
     * Improves one row in place by {@code steps} preconditioned CG steps from its current value: factors
     * {@code out[outOffset .. +k)} and, with an intercept, the bias {@code bias} (the returned value is the new
     * bias; 0 without an intercept). A row without cells gets zero factors and bias, as the exact solve gives.
     *
     * @param lambda     ridge on the factors (already scaled by the row's count with weighted λ)
     * @param biasLambda ridge on the bias, scaled alike
     * @param sse        when not null, {@code sse[0]} receives the row's squared training error at the result
     */
    double solve(float[] fixed, float[] fixedBias, float mu, int[] idx, float[] ratings, int from, int to,
                 double lambda, double biasLambda, float[] out, int outOffset, float bias, int steps, double[] sse) {
        int n = to - from;
        if (n == 0) {
            java.util.Arrays.fill(out, outOffset, outOffset + k, 0f);
            if (sse != null) {
                sse[0] = 0;
            }
            return 0.0;
        }
        ensureCells(n);
        for (int e = 0; e < n; e++) {
            target[e] = ratings[from + e] - mu - (intercept ? fixedBias[idx[from + e]] : 0f);
        }
        for (int f = 0; f < k; f++) {
            x[f] = out[outOffset + f];
        }
        if (intercept) {
            x[k] = bias;
        }
        gatheredFrom = 0;
        gatheredTo = 0;
        startingResidual(fixed, idx, from, to, lambda, biasLambda);
        double rz = 0;
        for (int j = 0; j < dim; j++) {
            z[j] = r[j] / diag[j];
            p[j] = z[j];
            rz += r[j] * z[j];
        }
        for (int step = 0; step < steps && rz > 0; step++) {
            multiply(fixed, idx, from, to, lambda, biasLambda);
            double pap = 0;
            for (int j = 0; j < dim; j++) {
                pap += p[j] * ap[j];
            }
            if (!(pap > 0)) {
                break; // p is numerically zero (converged) or A is not positive definite (λ = 0, too few cells)
            }
            double alpha = rz / pap;
            float af = (float) alpha;
            for (int e = 0; e < n; e++) {
                residual[e] -= af * product[e];
            }
            double rzNew = 0;
            for (int j = 0; j < dim; j++) {
                x[j] += alpha * p[j];
                r[j] -= alpha * ap[j];
                z[j] = r[j] / diag[j];
                rzNew += r[j] * z[j];
            }
            double beta = rzNew / rz;
            for (int j = 0; j < dim; j++) {
                p[j] = z[j] + beta * p[j];
            }
            rz = rzNew;
        }
        for (int f = 0; f < k; f++) {
            out[outOffset + f] = (float) x[f];
        }
        if (sse != null) {
            double s = 0;
            for (int e = 0; e < n; e++) {
                s += (double) residual[e] * residual[e];
            }
            sse[0] = s;
        }
        return intercept ? x[k] : 0.0;
    }

    /**
     * One pass: residual_e = y_e − x_e·z (per cell, kept and updated by every step), r = Xᵀresidual − λz and
     * the Jacobi diagonal diag(XᵀX) + λ.
     */
    private void startingResidual(float[] fixed, int[] idx, int from, int to, double lambda, double biasLambda) {
        java.util.Arrays.fill(r, 0.0);
        java.util.Arrays.fill(diag, 0.0);
        for (int f = 0; f < dim; f++) {
            vf[f] = (float) x[f];
        }
        for (int c = from; c < to; c += CHUNK) {
            int m = Math.min(CHUNK, to - c);
            gather(fixed, idx, c, m);
            int o = c - from;
            timesVector(m, o);
            for (int e = 0; e < m; e++) {
                residual[o + e] = target[o + e] - product[o + e];
            }
            transposeTimes(m, residual, o, r);
            squares(m);
        }
        for (int f = 0; f < k; f++) {
            r[f] -= lambda * x[f];
            diag[f] += lambda;
        }
        if (intercept) {
            r[k] -= biasLambda * x[k];
            diag[k] = (to - from) + biasLambda;
        }
        for (int j = 0; j < dim; j++) {
            if (!(diag[j] > 0)) {
                diag[j] = 1; // an all-zero factor column without ridge: leave that unknown unscaled
            }
        }
    }

    /** ap = A p; leaves X p per cell in {@code product}. */
    private void multiply(float[] fixed, int[] idx, int from, int to, double lambda, double biasLambda) {
        java.util.Arrays.fill(ap, 0.0);
        for (int f = 0; f < dim; f++) {
            vf[f] = (float) p[f];
        }
        for (int c = from; c < to; c += CHUNK) {
            int m = Math.min(CHUNK, to - c);
            gather(fixed, idx, c, m);
            int o = c - from;
            timesVector(m, o);
            transposeTimes(m, product, o, ap);
        }
        for (int f = 0; f < k; f++) {
            ap[f] += lambda * p[f];
        }
        if (intercept) {
            ap[k] += biasLambda * p[k];
        }
    }

    /** Copies cells [c, c + m) into both chunk layouts, unless they are there already (a one-chunk row). */
    private void gather(float[] fixed, int[] idx, int c, int m) {
        if (gatheredFrom == c && gatheredTo == c + m) {
            return;
        }
        for (int e = 0; e < m; e++) {
            System.arraycopy(fixed, idx[c + e] * k, byCell[e], 0, k);
        }
        int e = 0;
        for (; e + 3 < m; e += 4) { // four cells at a time: four adjacent writes into each factor's column
            float[] v0 = byCell[e];
            float[] v1 = byCell[e + 1];
            float[] v2 = byCell[e + 2];
            float[] v3 = byCell[e + 3];
            for (int f = 0; f < k; f++) {
                float[] column = byFactor[f];
                column[e] = v0[f];
                column[e + 1] = v1[f];
                column[e + 2] = v2[f];
                column[e + 3] = v3[f];
            }
        }
        for (; e < m; e++) {
            float[] v = byCell[e];
            for (int f = 0; f < k; f++) {
                byFactor[f][e] = v[f];
            }
        }
        gatheredFrom = c;
        gatheredTo = c + m;
    }

    /**
     * product[o + e] = x_e · vf[0..k) (+ vf[k] with an intercept) for the m gathered cells: four factors per
     * pass over the factor-major copy, each an independent multiply-add along the cells.
     */
    private void timesVector(int m, int o) {
        float[] t = chunkProduct;
        float b = intercept ? vf[k] : 0f;
        for (int e = 0; e < m; e++) {
            t[e] = b;
        }
        int f = 0;
        for (; f + 3 < k; f += 4) {
            float v0 = vf[f];
            float v1 = vf[f + 1];
            float v2 = vf[f + 2];
            float v3 = vf[f + 3];
            float[] a0 = byFactor[f];
            float[] a1 = byFactor[f + 1];
            float[] a2 = byFactor[f + 2];
            float[] a3 = byFactor[f + 3];
            for (int e = 0; e < m; e++) {
                t[e] += (v0 * a0[e] + v1 * a1[e]) + (v2 * a2[e] + v3 * a3[e]);
            }
        }
        for (; f < k; f++) {
            float v = vf[f];
            float[] a0 = byFactor[f];
            for (int e = 0; e < m; e++) {
                t[e] += v * a0[e];
            }
        }
        System.arraycopy(t, 0, product, o, m);
    }

    /**
     * acc += Xᵀ w over the m gathered cells (w[o + e] the weight of cell e; the intercept's entry is Σ w):
     * four cells per pass over the row-major copy, summed in float within the chunk, then added in double.
     */
    private void transposeTimes(int m, float[] w, int o, double[] acc) {
        float[] s = chunkSum;
        java.util.Arrays.fill(s, 0f);
        int e = 0;
        for (; e + 3 < m; e += 4) {
            float w0 = w[o + e];
            float w1 = w[o + e + 1];
            float w2 = w[o + e + 2];
            float w3 = w[o + e + 3];
            float[] a0 = byCell[e];
            float[] a1 = byCell[e + 1];
            float[] a2 = byCell[e + 2];
            float[] a3 = byCell[e + 3];
            for (int f = 0; f < k; f++) {
                s[f] += (w0 * a0[f] + w1 * a1[f]) + (w2 * a2[f] + w3 * a3[f]);
            }
        }
        for (; e < m; e++) {
            float w0 = w[o + e];
            float[] a0 = byCell[e];
            for (int f = 0; f < k; f++) {
                s[f] += w0 * a0[f];
            }
        }
        for (int f = 0; f < k; f++) {
            acc[f] += s[f];
        }
        if (intercept) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                sum += w[o + j];
            }
            acc[k] += sum;
        }
    }

    /** diag[f] += Σ_e x_ef² over the m gathered cells. */
    private void squares(int m) {
        float[] s = chunkSum;
        java.util.Arrays.fill(s, 0f);
        for (int e = 0; e < m; e++) {
            float[] a0 = byCell[e];
            for (int f = 0; f < k; f++) {
                s[f] += a0[f] * a0[f];
            }
        }
        for (int f = 0; f < k; f++) {
            diag[f] += s[f];
        }
    }

    private void ensureCells(int n) {
        if (target.length < n) {
            int size = Math.max(n, 2 * target.length);
            target = new float[size];
            residual = new float[size];
            product = new float[size];
        }
    }
}
