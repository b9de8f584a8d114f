package dev.latent.factorization;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM;

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
 * <p>Cost: O(n k²/2 + k³/3 + m k² + m n k) for n rated and m explained items (A_u's upper triangle, which is
 * all the Cholesky decomposition reads; then one solve per target). Not thread-safe: one instance per thread (the workspaces are reused).
 */
public final class Explanations {

    private final int k;
    private final DMatrixRMaj a;
    private final DMatrixRMaj rhs;
    private final DMatrixRMaj solution;
    private final LinearSolverChol_DDRM solver;

    public int rank() {
        return k;
    }

    public Explanations(int rank) {
        this.k = rank;
        this.a = new DMatrixRMaj(rank, rank);
        this.rhs = new DMatrixRMaj(rank, 1);
        this.solution = new DMatrixRMaj(rank, 1);
        this.solver = new LinearSolverChol_DDRM(new CholeskyDecompositionInner_DDRM(true));
    }

    /**
     * The contributions of the rated items to each target: {@code out[t * n + j]} is the term of rated item
     * {@code rated[j]} in the score of {@code targets[t]}.
     *
     * @param y          item factors, row-major, {@code k} per item
     * @param base       B as a row-major k × k matrix (YᵀY), or null for 0
     * @param gramWeight g_j per rated item
     * @param weight     w_j per rated item
     * @throws ArithmeticException when A_u is not positive definite
     */
    public float[] contributions(float[] y, double[] base, double lambda, int[] rated, float[] gramWeight,
                                 float[] weight, int n, int[] targets, int m) {
        double[] d = a.data;
        if (base == null) {
            java.util.Arrays.fill(d, 0);
        } else {
            System.arraycopy(base, 0, d, 0, k * k);
        }
        for (int j = 0; j < n; j++) {
            int o = rated[j] * k;
            double g = gramWeight[j];
            if (g == 0) {
                continue;
            }
            // The upper triangle only (c >= r): the Cholesky decomposition reads no other cell of A, so the
            // result is bit for bit that of the full update at half its cost.
            for (int r = 0; r < k; r++) {
                double gr = g * y[o + r];
                int row = r * k;
                for (int c = r; c < k; c++) {
                    d[row + c] += gr * y[o + c];
                }
            }
        }
        for (int r = 0; r < k; r++) {
            d[r * k + r] += lambda;
        }
        if (!solver.setA(a)) {
            throw new ArithmeticException("the user's row system is not positive definite (λ = " + lambda + ")");
        }
        float[] out = new float[m * n];
        for (int t = 0; t < m; t++) {
            int ot = targets[t] * k;
            for (int f = 0; f < k; f++) {
                rhs.data[f] = y[ot + f];
            }
            solver.solve(rhs, solution);
            double[] v = solution.data;
            for (int j = 0; j < n; j++) {
                int o = rated[j] * k;
                double s = 0;
                for (int f = 0; f < k; f++) {
                    s += v[f] * y[o + f];
                }
                out[t * n + j] = (float) (weight[j] * s);
            }
        }
        return out;
    }
}
