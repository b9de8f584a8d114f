package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalEquationsTest {

    @Test
    void batchedAccumulationSolvesTheSameRidgeRegressionAsADirectDenseSolve() {
        int k = 5;
        int n = 23;
        Random rnd = new Random(7);
        float[] factors = new float[40 * k];
        for (int i = 0; i < factors.length; i++) {
            factors[i] = (float) rnd.nextGaussian();
        }
        int[] rows = new int[n];
        float[] w = new float[n];
        float[] y = new float[n];
        for (int e = 0; e < n; e++) {
            rows[e] = rnd.nextInt(40);
            w[e] = 0.5f + rnd.nextFloat();
            y[e] = (float) rnd.nextGaussian();
        }
        NormalEquations ne = new NormalEquations(k, true);
        ne.clear();
        ne.addRows(factors, rows, 0, n, w, y);
        ne.regularize(0.3, 0.2);
        float[] x = new float[k];
        double bias = ne.solve(x, 0);

        // Dense reference: A = Σ w z zᵀ + diag, b = Σ y z, z = [x; 1], Gaussian elimination.
        int d = k + 1;
        double[][] a = new double[d][d + 1];
        for (int e = 0; e < n; e++) {
            double[] z = new double[d];
            for (int f = 0; f < k; f++) {
                z[f] = factors[rows[e] * k + f];
            }
            z[k] = 1;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    a[i][j] += w[e] * z[i] * z[j];
                }
                a[i][d] += y[e] * z[i];
            }
        }
        for (int i = 0; i < d; i++) {
            a[i][i] += i < k ? 0.3 : 0.2;
        }
        double[] ref = gauss(a);
        for (int f = 0; f < k; f++) {
            assertEquals(ref[f], x[f], 1e-5);
        }
        assertEquals(ref[k], bias, 1e-5);
    }

    @Test
    void startsFromAGivenGramAndReportsASingularSystem() {
        int k = 3;
        float[] factors = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1};
        double[] g = NormalEquations.gram(factors, 4, k);
        assertEquals(2.0, g[0], 1e-12);
        assertEquals(1.0, g[1], 1e-12);
        assertEquals(1.0, g[3], 1e-12, "both triangles filled");

        NormalEquations ne = new NormalEquations(k, false);
        ne.clear(g);
        ne.add(factors, 0, 1.0, 2.0);
        float[] x = new float[k];
        ne.solve(x, 0);
        // A = G + e1 e1ᵀ, b = 2 e1
        double[][] a = {{3, 1, 1, 2}, {1, 2, 1, 0}, {1, 1, 2, 0}};
        double[] ref = gauss(a);
        for (int f = 0; f < k; f++) {
            assertEquals(ref[f], x[f], 1e-6);
        }

        ne.clear();
        ne.add(factors, 0, 1.0, 1.0);
        assertTrue(Double.isNaN(ne.solve(x, 0)), "rank-1 system without ridge is not positive definite");
    }

    @Test
    void samplesFromTheGaussianWithTheSolutionAsMeanAndTheInverseAsCovariance() {
        // Vectors e1 (y = 1), e2 (y = −1), [1, 1] (y = 0), ridge 1, σ = 0.5.
        float[] factors = {1, 0, 0, 1};
        NormalEquations ne = new NormalEquations(2, false);
        Random rnd = new Random(5);
        int n = 40_000;
        double[] mean = new double[2];
        double[] sq = new double[2];
        double cross = 0;
        float[] x = new float[2];
        for (int s = 0; s < n; s++) {
            ne.clear();
            ne.add(factors, 0, 1.0, 1.0);
            ne.add(factors, 2, 1.0, -1.0);
            ne.add(new float[] {1, 1}, 0, 1.0, 0.0);
            ne.regularize(1.0, 0);
            ne.sample(x, 0, rnd, 0.5);
            mean[0] += x[0];
            mean[1] += x[1];
            sq[0] += x[0] * x[0];
            sq[1] += x[1] * x[1];
            cross += x[0] * x[1];
        }
        // A = [[3, 1], [1, 3]]; b = [1, -1]; mean = A⁻¹ b = [0.5, -0.5]; cov = 0.25 · [[3, -1], [-1, 3]] / 8.
        double m0 = mean[0] / n;
        double m1 = mean[1] / n;
        assertEquals(0.5, m0, 0.01);
        assertEquals(-0.5, m1, 0.01);
        assertEquals(0.25 * 3 / 8, sq[0] / n - m0 * m0, 0.005);
        assertEquals(0.25 * -1 / 8, cross / n - m0 * m1, 0.005);
    }

    static double[] gauss(double[][] a) {
        int d = a.length;
        for (int c = 0; c < d; c++) {
            for (int r = c + 1; r < d; r++) {
                double m = a[r][c] / a[c][c];
                for (int j = c; j <= d; j++) {
                    a[r][j] -= m * a[c][j];
                }
            }
        }
        double[] x = new double[d];
        for (int r = d - 1; r >= 0; r--) {
            double s = a[r][d];
            for (int j = r + 1; j < d; j++) {
                s -= a[r][j] * x[j];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
