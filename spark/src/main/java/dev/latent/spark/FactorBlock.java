package dev.latent.spark;

import java.io.Serializable;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The factors (row-major, rank k) and biases of one block of rows, with the loss share its last solve
 * reported.
 *
 * @param bias null for the ranking model, which has none
 */
record FactorBlock(int block, int rows, float[] factors, float[] bias, double loss) implements Serializable {

    /** Gaussian factors of standard deviation {@code std} and zero biases: the rating model's start. */
    static FactorBlock gaussian(int block, int rows, int k, double std, long seed) {
        Random rnd = new Random(seed * 1_000_003L + block);
        float[] f = new float[rows * k];
        for (int e = 0; e < f.length; e++) {
            f[e] = (float) (rnd.nextGaussian() * std);
        }
        return new FactorBlock(block, rows, f, new float[rows], 0);
    }

    /** Uniform factors in [0, 0.1/√k): the ranking model's start, as in the in-process trainer. */
    static FactorBlock uniform(int block, int rows, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + block);
        float[] f = new float[rows * k];
        double scale = 0.1 / Math.sqrt(k);
        for (int e = 0; e < f.length; e++) {
            f[e] = (float) (rnd.nextDouble() * scale);
        }
        return new FactorBlock(block, rows, f, null, 0);
    }

    double squaredNorm() {
        double s = 0;
        for (float v : factors) {
            s += (double) v * v;
        }
        return s;
    }
}
