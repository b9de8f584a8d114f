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
