package dev.latent.factorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The score decompositions add up to the scores they explain. */
class ExplanationsTest {

    @Test
    void implicitTermsSumToTheFoldedInScore() {
        int k = 8;
        int items = 40;
        Random rnd = new Random(7);
        float[] y = gaussian(items * k, rnd);
        FactorModel model = FactorModel.withoutBiases(k, 1, items, new float[k], y);
        ImplicitAlsConfig config = ImplicitAlsConfig.DEFAULTS.withRank(k).withLambda(2.0);
        ImplicitFoldIn foldIn = new ImplicitFoldIn(model, config);
        int[] rated = {3, 11, 17, 25, 30};
        float[] ratings = {5, 4, 1, 3, 4.5f};
        float[] x = foldIn.userFactors(rated, ratings);
        float[] g = new float[rated.length];
        float[] w = new float[rated.length];
        for (int j = 0; j < rated.length; j++) {
            w[j] = (float) config.confidence(ratings[j]);
            g[j] = w[j] - 1;
        }
        int[] targets = {0, 5, 39};
        float[] terms = new Explanations(k).contributions(y, foldIn.gram(), config.lambda(), rated, g, w,
                rated.length, targets, targets.length);
        for (int t = 0; t < targets.length; t++) {
            double sum = 0;
            for (int j = 0; j < rated.length; j++) {
                sum += terms[t * rated.length + j];
            }
            double score = 0;
            for (int f = 0; f < k; f++) {
                score += x[f] * y[targets[t] * k + f];
            }
            assertThat(sum).as("target " + targets[t]).isCloseTo(score, org.assertj.core.data.Offset.offset(1e-4));
        }
        // the highest-confidence rating of an item near the target weighs most
        int near = 11;
        float[] same = new Explanations(k).contributions(y, foldIn.gram(), config.lambda(), rated, g, w,
                rated.length, new int[] {near}, 1);
        int best = 0;
        for (int j = 1; j < rated.length; j++) {
            if (same[j] > same[best]) {
                best = j;
            }
        }
        assertThat(rated[best]).isEqualTo(near);
    }

    @Test
    void explicitTermsSumToTheRidgeSolution() {
        int k = 4;
        float[] y = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0};
        int[] rated = {0, 1, 4};
        float[] residual = {1.5f, -0.5f, 0.25f};
        float[] ones = {1, 1, 1};
        double lambda = 0.3;
        float[] terms = new Explanations(k).contributions(y, null, lambda, rated, ones, residual, 3, new int[] {4}, 1);
        // x = (YᵤᵀYᵤ + λI)⁻¹ Yᵤᵀ r, worked by hand for these rows: A = [[2.3,1],[1,2.3]] on the first two axes
        double det = 2.3 * 2.3 - 1;
        double b0 = 1.5 + 0.25;
        double b1 = -0.5 + 0.25;
        double x0 = (2.3 * b0 - b1) / det;
        double x1 = (2.3 * b1 - b0) / det;
        assertThat((double) terms[0] + terms[1] + terms[2]).isCloseTo(x0 + x1, org.assertj.core.data.Offset.offset(1e-5));
    }

    /**
     * Building only the upper triangle of A_u (all the Cholesky decomposition reads) gives the terms of the full
     * rank-one updates bit for bit, and a reused workspace gives what a fresh one does.
     */
    @Test
    void upperTriangleTermsEqualTheFullUpdateBitForBit() {
        upperTriangleTermsEqualTheFullUpdate(16, new int[] {0, 7, 33, 58});
    }

    /**
     * The same at an odd rank that is no multiple of four, with an odd number of targets: the solver's last
     * single column and row, its zero partner of the odd last vector, and the dot products' remainder factors.
     */
    @Test
    void oddRankAndOddTargetCountGiveTheFullUpdateBitForBit() {
        upperTriangleTermsEqualTheFullUpdate(7, new int[] {5, 0, 41});
        upperTriangleTermsEqualTheFullUpdate(13, new int[] {59});
    }

    private static void upperTriangleTermsEqualTheFullUpdate(int k, int[] targets) {
        int items = 60;
        Random rnd = new Random(3);
        float[] y = gaussian(items * k, rnd);
        FactorModel model = FactorModel.withoutBiases(k, 1, items, new float[k], y);
        ImplicitAlsConfig config = ImplicitAlsConfig.DEFAULTS.withRank(k).withLambda(1.5);
        double[] gram = new ImplicitFoldIn(model, config).gram();
        int[] rated = {1, 4, 9, 16, 25, 36, 49, 59};
        float[] g = new float[rated.length];
        float[] w = new float[rated.length];
        for (int j = 0; j < rated.length; j++) {
            w[j] = (float) config.confidence(1 + rnd.nextInt(5));
            g[j] = w[j] - 1;
        }
        Explanations reused = new Explanations(k);
        reused.contributions(y, null, 0.7, new int[] {2, 3}, new float[] {1, 1}, new float[] {1, -1}, 2, targets, 1);
        float[] got = reused.contributions(y, gram, config.lambda(), rated, g, w, rated.length, targets,
                targets.length);
        float[] want = fullUpdate(k, y, gram, config.lambda(), rated, g, w, targets);
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got);
    }

    /** The terms as computed before the triangle-only update: the whole of A_u, then EJML's Cholesky solve. */
    private static float[] fullUpdate(int k, float[] y, double[] base, double lambda, int[] rated, float[] g,
                                      float[] w, int[] targets) {
        org.ejml.data.DMatrixRMaj a = new org.ejml.data.DMatrixRMaj(k, k);
        System.arraycopy(base, 0, a.data, 0, k * k);
        for (int j = 0; j < rated.length; j++) {
            int o = rated[j] * k;
            for (int r = 0; r < k; r++) {
                double gr = g[j] * (double) y[o + r];
                for (int c = 0; c < k; c++) {
                    a.data[r * k + c] += gr * y[o + c];
                }
            }
        }
        for (int r = 0; r < k; r++) {
            a.data[r * k + r] += lambda;
        }
        org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM solver = new org.ejml.dense.row.linsol.chol
                .LinearSolverChol_DDRM(new org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM(true));
        assertThat(solver.setA(a)).isTrue();
        int n = rated.length;
        float[] out = new float[targets.length * n];
        org.ejml.data.DMatrixRMaj rhs = new org.ejml.data.DMatrixRMaj(k, 1);
        org.ejml.data.DMatrixRMaj v = new org.ejml.data.DMatrixRMaj(k, 1);
        for (int t = 0; t < targets.length; t++) {
            for (int f = 0; f < k; f++) {
                rhs.data[f] = y[targets[t] * k + f];
            }
            solver.solve(rhs, v);
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int f = 0; f < k; f++) {
                    s += v.data[f] * y[rated[j] * k + f];
                }
                out[t * n + j] = (float) (w[j] * s);
            }
        }
        return out;
    }

    /**
     * The factor an implicit fold-in solved the user with is the one an explanation builds, bit for bit (same
     * kernel, same weights), so an explanation may take it from the fold-in; and the factor solves its system.
     */
    @Test
    void theFoldInsFactorIsTheExplanationsFactorBitForBit() {
        int k = 16;
        int items = 60;
        Random rnd = new Random(3);
        float[] y = gaussian(items * k, rnd);
        FactorModel model = FactorModel.withoutBiases(k, 1, items, new float[k], y);
        ImplicitAlsConfig config = ImplicitAlsConfig.DEFAULTS.withRank(k).withLambda(1.5)
                .withConfidence(ImplicitAlsConfig.Confidence.LOG, 2.0, 0.7); // c − 1 not exact in float
        ImplicitFoldIn foldIn = new ImplicitFoldIn(model, config);
        int[] rated = {1, 4, 6, 9, 10, 13, 20, 22, 31, 40, 41, 47, 58}; // 13: a block of eight, one of four, one
        float[] ratings = new float[rated.length];
        float[] g = new float[rated.length];
        float[] w = new float[rated.length];
        for (int j = 0; j < rated.length; j++) {
            ratings[j] = 1 + rnd.nextInt(9) / 2f;
            double c = config.confidence(ratings[j]);
            g[j] = (float) (c - 1);
            w[j] = (float) c;
        }
        ImplicitFoldIn.Solved solved = foldIn.userFactorsAndSystem(rated, ratings, rated.length);
        assertThat(solved.factors()).containsExactly(foldIn.userFactors(rated, ratings));
        Explanations e = new Explanations(k);
        CholeskyFactor built = e.system(y, foldIn.gram(), config.lambda(), rated, g, w, rated.length);
        int[] targets = {0, 2, 33, 59};
        float[] fromFoldIn = e.contributions(solved.system(), y, rated, w, rated.length, targets, targets.length);
        float[] fromBuilt = e.contributions(built, y, rated, w, rated.length, targets, targets.length);
        for (int t = 0; t < fromBuilt.length; t++) {
            assertThat(Float.floatToRawIntBits(fromFoldIn[t])).as("term " + t).isEqualTo(Float.floatToRawIntBits(fromBuilt[t]));
        }
        assertThat(e.contributions(y, foldIn.gram(), config.lambda(), rated, g, w, rated.length, targets, targets.length))
                .containsExactly(fromBuilt);
        for (int t = 0; t < targets.length; t++) {
            float[] alone = e.contributions(built, y, rated, w, rated.length, new int[] {targets[t]}, 1);
            for (int j = 0; j < rated.length; j++) {
                assertThat(Float.floatToRawIntBits(alone[j])).as("target " + t + " alone, term " + j)
                        .isEqualTo(Float.floatToRawIntBits(fromBuilt[t * rated.length + j]));
            }
        }
        // A x = b solved with the factor: check A (A⁻¹ b) = b with A formed the plain way
        double[] a = foldIn.gram().clone();
        for (int j = 0; j < rated.length; j++) {
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    a[r * k + c] += g[j] * (double) y[rated[j] * k + r] * y[rated[j] * k + c];
                }
            }
        }
        for (int r = 0; r < k; r++) {
            a[r * k + r] += config.lambda();
        }
        double[] b = new double[k];
        for (int f = 0; f < k; f++) {
            b[f] = rnd.nextGaussian();
        }
        double[] x = b.clone();
        new CholeskyFactor.Solver(k).solve(built, new double[][] {x}, 1);
        for (int r = 0; r < k; r++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += a[r * k + c] * x[c];
            }
            assertThat(s).as("row " + r).isCloseTo(b[r], org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(built.bytes()).isGreaterThanOrEqualTo(8L * k * (k + 1) / 2);
    }

    /** {@code n} Gaussian item-factor values (σ 0.3) drawn from {@code rnd}. */
    private static float[] gaussian(int n, Random rnd) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) rnd.nextGaussian() * 0.3f;
        }
        return y;
    }
}
