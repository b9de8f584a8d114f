package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The conjugate-gradient row solve against the exact one ({@link NormalEquations} + Cholesky). */
class RatingRowSolverTest {

    /** One row: fixed-side factors and biases, the row's cells and ratings, and its exact solution. */
    private static final class Row {
        final int k;
        final float[] fixed;
        final float[] fixedBias;
        final int[] idx;
        final float[] ratings;
        final float[] exact;
        final double exactBias;
        final double lambda;
        final double biasLambda;

        Row(int k, int cells, boolean intercept, long seed) {
            this.k = k;
            Random rnd = new Random(seed);
            int numFixed = cells + 50;
            fixed = new float[numFixed * k];
            for (int j = 0; j < fixed.length; j++) {
                fixed[j] = (float) (rnd.nextGaussian() * 0.5);
            }
            fixedBias = new float[numFixed];
            for (int j = 0; j < numFixed; j++) {
                fixedBias[j] = (float) (rnd.nextGaussian() * 0.3);
            }
            idx = new int[cells];
            ratings = new float[cells];
            for (int e = 0; e < cells; e++) {
                idx[e] = rnd.nextInt(numFixed);
                ratings[e] = 1 + rnd.nextInt(5);
            }
            lambda = 0.12 * cells;
            biasLambda = 0.02 * cells;
            exact = new float[k];
            exactBias = AlsTrainer.solveRow(new NormalEquations(k, intercept), new float[cells], fixed, fixedBias, 3.5f,
                    idx, ratings, 0, cells, 0.12, 0.02, true, exact, 0);
        }

        double solve(RatingRowSolver solver, float[] x, float bias, int steps, double[] sse) {
            return solver.solve(fixed, fixedBias, 3.5f, idx, ratings, 0, idx.length, lambda, biasLambda, x, 0, bias,
                    steps, sse);
        }

        double distance(float[] x, double bias) {
            double s = (bias - exactBias) * (bias - exactBias);
            for (int f = 0; f < k; f++) {
                s += (x[f] - exact[f]) * (x[f] - exact[f]);
            }
            return Math.sqrt(s);
        }

        double norm() {
            double s = exactBias * exactBias;
            for (float v : exact) {
                s += v * v;
            }
            return Math.sqrt(s);
        }
    }

    @Test
    void reachesTheExactSolveFromZeroInAsManyStepsAsUnknowns() {
        for (boolean intercept : new boolean[] {true, false}) {
            // 40 cells fit one chunk; 1,300 are streamed through the chunk buffers in three pieces.
            for (int cells : new int[] {40, RatingRowSolver.CHUNK * 2 + 276}) {
                Row row = new Row(8, cells, intercept, cells);
                float[] x = new float[8];
                double bias = row.solve(new RatingRowSolver(8, intercept), x, 0f, 9, null);
                assertTrue(row.distance(x, intercept ? bias : row.exactBias) < 1e-4 * row.norm(),
                        "intercept " + intercept + ", cells " + cells + ": off by " + row.distance(x, bias));
                if (!intercept) {
                    assertEquals(0.0, bias);
                }
            }
        }
    }

    @Test
    void warmStartedStepsConvergeToTheExactSolveAtRank64() {
        Row row = new Row(64, 300, true, 7L);
        RatingRowSolver solver = new RatingRowSolver(64, true);
        float[] x = new float[64];
        float bias = 0f;
        double previous = row.distance(x, bias);
        double floor = 1e-5 * row.norm(); // float factors: below this the distance is rounding
        for (int sweep = 0; sweep < 12; sweep++) { // three steps a call, each call from where the last ended
            bias = (float) row.solve(solver, x, bias, 3, null);
            double d = row.distance(x, bias);
            assertTrue(d < previous || d < floor, "sweep " + sweep + ": " + d + " after " + previous);
            previous = d;
        }
        assertTrue(previous < 1e-4 * row.norm(), "off by " + previous + " of " + row.norm());
    }

    @Test
    void reportsTheSquaredErrorOfItsResult() {
        Row row = new Row(16, 700, true, 3L);
        float[] x = new float[16];
        double[] sse = new double[1];
        double bias = row.solve(new RatingRowSolver(16, true), x, 0f, 4, sse);
        double expected = AlsTrainer.rowSse(x, 0, 16, 3.5f, (float) bias, row.fixedBias, row.fixed, row.idx,
                row.ratings, 0, row.idx.length);
        assertEquals(expected, sse[0], 1e-4 * expected);
    }

    @Test
    void aRowWithoutCellsGetsZeros() {
        Row row = new Row(4, 10, true, 1L);
        float[] x = {1, 2, 3, 4};
        double[] sse = {5};
        double bias = new RatingRowSolver(4, true).solve(row.fixed, row.fixedBias, 3.5f, row.idx, row.ratings, 3, 3,
                0.1, 0.1, x, 0, 0.7f, 3, sse);
        assertEquals(0.0, bias);
        assertEquals(0.0, sse[0]);
        assertTrue(Arrays.equals(new float[4], x));
    }
}
