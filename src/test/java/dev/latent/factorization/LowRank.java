package dev.latent.factorization;

import java.util.Random;

/** Test data: an exact random low-rank matrix with a random half of its cells observed. */
final class LowRank {

    final int rows;
    final int cols;
    final double[] full;
    final RatingMatrix train;
    final int[] hiddenRows;
    final int[] hiddenCols;

    LowRank(int rows, int cols, int rank, double observedFraction, long seed) {
        this.rows = rows;
        this.cols = cols;
        Random rnd = new Random(seed);
        double[] a = new double[rows * rank];
        double[] b = new double[cols * rank];
        for (int j = 0; j < a.length; j++) {
            a[j] = rnd.nextGaussian();
        }
        for (int j = 0; j < b.length; j++) {
            b[j] = rnd.nextGaussian();
        }
        full = new double[rows * cols];
        int[] us = new int[rows * cols];
        int[] is = new int[rows * cols];
        float[] rs = new float[rows * cols];
        int[] hu = new int[rows * cols];
        int[] hi = new int[rows * cols];
        int n = 0;
        int h = 0;
        for (int u = 0; u < rows; u++) {
            for (int i = 0; i < cols; i++) {
                double v = 0;
                for (int f = 0; f < rank; f++) {
                    v += a[u * rank + f] * b[i * rank + f];
                }
                full[u * cols + i] = v;
                if (rnd.nextDouble() < observedFraction) {
                    us[n] = u;
                    is[n] = i;
                    rs[n++] = (float) v;
                } else {
                    hu[h] = u;
                    hi[h++] = i;
                }
            }
        }
        train = RatingMatrix.of(rows, cols, us, is, rs, n);
        hiddenRows = java.util.Arrays.copyOf(hu, h);
        hiddenCols = java.util.Arrays.copyOf(hi, h);
    }

    double hiddenRmse(FactorModel model) {
        double s = 0;
        for (int e = 0; e < hiddenRows.length; e++) {
            double d = model.predict(hiddenRows[e], hiddenCols[e]) - full[hiddenRows[e] * cols + hiddenCols[e]];
            s += d * d;
        }
        return Math.sqrt(s / hiddenRows.length);
    }

    static RatingMatrix seedToy() {
        float[][] a = {{5, 3}, {3, 2}, {2, 1}, {1, 1}};
        int[] us = new int[8];
        int[] is = new int[8];
        float[] rs = new float[8];
        int n = 0;
        for (int u = 0; u < 4; u++) {
            for (int i = 0; i < 2; i++) {
                us[n] = u;
                is[n] = i;
                rs[n++] = a[u][i];
            }
        }
        return RatingMatrix.of(4, 2, us, is, rs);
    }

    static double trainMse(FactorModel model, RatingMatrix m) {
        double s = 0;
        for (int u = 0; u < m.numUsers(); u++) {
            for (int e = m.userPtr()[u]; e < m.userPtr()[u + 1]; e++) {
                double d = model.predict(u, m.userItems()[e]) - m.userRatings()[e];
                s += d * d;
            }
        }
        return s / m.size();
    }
}
