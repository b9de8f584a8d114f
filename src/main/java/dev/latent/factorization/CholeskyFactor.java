package dev.latent.factorization;

/**
 * The Cholesky factor L of one symmetric positive definite k × k system, A = L Lᵀ, kept so that further
 * right-hand sides are solved without forming or factorising A again (what implicit's
 * {@code ALS.explain(..., user_weights=...)} hands back to its caller). Immutable and thread-safe once made.
 *
 * <p>Storage: the lower triangle packed by rows, L[r][c] (c ≤ r) at {@code r(r+1)/2 + c}: k(k+1)/2 doubles,
 * 16.6 KB at k = 64, half the full matrix.
 */
public final class CholeskyFactor {

    /** Bytes an instance holds besides its array (object headers and fields, rounded up). */
    private static final long OVERHEAD = 48;

    private final int k;
    private final double[] l;

    private CholeskyFactor(int k, double[] l) {
        this.k = k;
        this.l = l;
    }

    /**
     * Copies the lower triangle (c ≤ r) of a row-major k × k array holding L, as EJML's lower Cholesky
     * decomposition leaves it.
     */
    static CholeskyFactor ofLower(double[] t, int k) {
        double[] l = new double[k * (k + 1) / 2];
        for (int r = 0, p = 0; r < k; r++, p += r) {
            System.arraycopy(t, r * k, l, p, r + 1);
        }
        return new CholeskyFactor(k, l);
    }

    public int rank() {
        return k;
    }

    /** Memory held, in bytes: 8 k(k+1)/2 for the triangle plus the object's own. */
    public long bytes() {
        return 16 + 8L * l.length + OVERHEAD;
    }

    /**
     * Overwrites the k × m row-major matrix {@code b} (right-hand side t in column t: {@code b[r * m + t]}) with
     * A⁻¹ b, all m columns at once: forward substitution L Z = B, then back substitution Lᵀ X = Z, each a pass
     * over the packed rows of L whose inner loop runs along a row of {@code b} (m independent updates, which the
     * JIT vectorises, instead of a chain of dependent ones). Column t gets the same arithmetic, in the same
     * order, whatever m is. Cost 2k²m flops, no allocation.
     */
    public void solveInPlace(double[] b, int m) {
        double[] l = this.l;
        int k = this.k;
        for (int r = 0, p = 0; r < k; p += ++r) {
            int row = r * m;
            for (int c = 0; c < r; c++) {
                double lrc = l[p + c];
                int from = c * m;
                for (int t = 0; t < m; t++) {
                    b[row + t] -= lrc * b[from + t];
                }
            }
            double d = l[p + r];
            for (int t = 0; t < m; t++) {
                b[row + t] /= d;
            }
        }
        for (int r = k - 1, p = r * (r + 1) / 2; r >= 0; p -= r--) {
            int row = r * m;
            double d = l[p + r];
            for (int t = 0; t < m; t++) {
                b[row + t] /= d;
            }
            for (int c = 0; c < r; c++) {
                double lrc = l[p + c];
                int to = c * m;
                for (int t = 0; t < m; t++) {
                    b[to + t] -= lrc * b[row + t];
                }
            }
        }
    }

    /**
     * Overwrites {@code b} (length ≥ k) with A⁻¹ b: forward substitution L z = b by rows, then back
     * substitution Lᵀ x = z by columns of Lᵀ (rows of L), so both passes read the packed rows in order.
     * Cost 2k² flops, no allocation.
     */
    public void solveInPlace(double[] b) {
        double[] l = this.l;
        int k = this.k;
        for (int r = 0, p = 0; r < k; p += ++r) {
            double s0 = b[r];
            double s1 = 0;
            int c = 0;
            for (; c + 1 < r; c += 2) {
                s0 -= l[p + c] * b[c];
                s1 -= l[p + c + 1] * b[c + 1];
            }
            if (c < r) {
                s0 -= l[p + c] * b[c];
            }
            b[r] = (s0 + s1) / l[p + r];
        }
        for (int r = k - 1, p = r * (r + 1) / 2; r >= 0; p -= r--) {
            double x = b[r] / l[p + r];
            b[r] = x;
            for (int c = 0; c < r; c++) {
                b[c] -= l[p + c] * x;
            }
        }
    }
}
