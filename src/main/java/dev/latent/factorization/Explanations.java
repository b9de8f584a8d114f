package dev.latent.factorization;

/**
 * Why an item scores what it scores for a user: the share of each of the user's rated items in it.
 *
 * <p>A user factor solved by a ridge row solve is linear in the user's own observations:
 * <pre>
 *   x_u = A_u⁻¹ Σ_j w_j y_j,   A_u = B + Σ_j g_j y_j y_jᵀ + λI
 * </pre>
 * so the factor part of the score of item i splits into one term per rated item j,
 * <pre>
 *   y_iᵀ x_u = Σ_j w_j · y_iᵀ A_u⁻¹ y_j.
 * </pre>
 * For implicit ALS (Hu, Koren and Volinsky 2008, §5) B = YᵀY, g_j = c_uj − 1 and w_j = c_uj (preference 1):
 * the term of j is s_ij^u c_uj with the user-specific similarity s_ij^u = y_iᵀ W^u y_j, W^u = A_u⁻¹. For the
 * explicit rating model B = 0, g_j = 1 and w_j is the residual rating r_uj − μ − b_u − b_j, with λ as the
 * rating solve uses it (λ·n_u when weighted): the decomposition of the factor part of a ridge solve given the
 * user's bias.
 *
 * <p>The work splits in two. {@link #system} builds A_u and factorises it, A_u = L Lᵀ: O(n k²/2 + k³/3) for n
 * rated items, with the training's own kernel ({@link NormalEquations}: the upper triangle, eight rated items
 * per pass, then EJML's Cholesky), so for the same items and weights it is bit for bit the factor the implicit
 * fold-in solved the user with ({@link ImplicitFoldIn#userFactorsAndSystem}). {@link #contributions} then costs
 * O(m (2k² + n k)) for m explained items (two triangular solves and n dot products each, all targets at once
 * so that the inner loops run over independent sums). The factor depends
 * on the user's rated items and Gram weights only, not on the targets, so a caller may keep it for the next
 * request of the same user. Not thread-safe: one instance per thread (the workspaces are reused).
 */
public final class Explanations {

    private final int k;
    private final NormalEquations equations;
    /** V (k × targets), R (k × rated), one row of S: reused across calls. */
    private final double[][] buffers = {new double[0], new double[0], new double[0]};

    public int rank() {
        return k;
    }

    public Explanations(int rank) {
        this.k = rank;
        this.equations = new NormalEquations(rank, false);
    }

    /**
     * Builds and factorises A_u = B + Σ_j g_j y_j y_jᵀ + λI over the rated items {@code rated[0..n)}.
     *
     * @param y          item factors, row-major, {@code k} per item
     * @param base       B as a row-major k × k matrix (YᵀY; its upper triangle is read), or null for 0
     * @param gramWeight g_j per rated item
     * @param weight     w_j per rated item (accumulated on the right-hand side as the row solve does; unused)
     * @throws ArithmeticException when A_u is not positive definite
     */
    public CholeskyFactor system(float[] y, double[] base, double lambda, int[] rated, float[] gramWeight,
                                 float[] weight, int n) {
        if (base == null) {
            equations.clear();
        } else {
            equations.clear(base);
        }
        equations.addRows(y, rated, 0, n, gramWeight, weight);
        equations.regularize(lambda, 0);
        CholeskyFactor l = equations.factor();
        if (l == null) {
            throw new ArithmeticException("the user's row system is not positive definite (λ = " + lambda + ")");
        }
        return l;
    }

    /**
     * The contributions of the rated items to each target: {@code out[t * n + j]} = w_j · y_tᵀ A_u⁻¹ y_j, the
     * term of rated item {@code rated[j]} in the score of {@code targets[t]}, with A_u given by its factor.
     * The same factor gives the same terms bit for bit, however it was obtained.
     */
    public float[] contributions(CholeskyFactor system, float[] y, int[] rated, float[] weight, int n, int[] targets,
                                 int m) {
        if (system.rank() != k) {
            throw new IllegalArgumentException("factor of rank " + system.rank() + " for a workspace of rank " + k);
        }
        // V (k × m): column t is y_t, then A_u⁻¹ y_t, all targets in one pass over the factor
        double[] v = grow(0, k * m);
        for (int t = 0; t < m; t++) {
            int ot = targets[t] * k;
            for (int f = 0; f < k; f++) {
                v[f * m + t] = y[ot + f];
            }
        }
        system.solveInPlace(v, m);
        // R (k × n): column j is y_j, so that S = Vᵀ R runs along rows of R (independent sums, vectorised);
        // each s_tj is still Σ_f v_tf y_jf accumulated in the order of f
        double[] r = grow(1, k * n);
        for (int j = 0; j < n; j++) {
            int o = rated[j] * k;
            for (int f = 0; f < k; f++) {
                r[f * n + j] = y[o + f];
            }
        }
        double[] s = grow(2, n);
        float[] out = new float[m * n];
        for (int t = 0; t < m; t++) {
            java.util.Arrays.fill(s, 0, n, 0.0);
            for (int f = 0; f < k; f++) {
                double vf = v[f * m + t];
                int row = f * n;
                for (int j = 0; j < n; j++) {
                    s[j] += vf * r[row + j];
                }
            }
            int o = t * n;
            for (int j = 0; j < n; j++) {
                out[o + j] = (float) (weight[j] * s[j]);
            }
        }
        return out;
    }

    /** Workspace buffer {@code which}, at least {@code size} long (grown, never shrunk). */
    private double[] grow(int which, int size) {
        if (buffers[which].length < size) {
            buffers[which] = new double[Math.max(size, 2 * buffers[which].length)];
        }
        return buffers[which];
    }

    /** {@link #system} and {@link #contributions} in one call, for a caller that does not keep the factor. */
    public float[] contributions(float[] y, double[] base, double lambda, int[] rated, float[] gramWeight,
                                 float[] weight, int n, int[] targets, int m) {
        return contributions(system(y, base, lambda, rated, gramWeight, weight, n), y, rated, weight, n, targets, m);
    }
}
