package dev.latent.factorization;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The one start-up of every trainer: the factor and bias arrays over the matrix's index space, seeded random
 * factors, then the warm start (a previous model over a prefix of the index space) copied over them. The
 * random draws are exactly those each trainer made before it shared this code, so seeded results are
 * unchanged.
 *
 * @param mu the global mean the biases are relative to (0 without biases)
 * @param p  user factors, row-major
 * @param q  item factors, row-major
 * @param bu user biases (null for a model without biases)
 * @param bi item biases (null for a model without biases)
 */
record StartFactors(float mu, float[] p, float[] q, float[] bu, float[] bi) {

    /**
     * Gaussian start N(0, std²) drawn from {@code rnd} (the trainer's seeded stream, which it goes on using):
     * the user factors first when {@code randomUsers} (SGD moves both sides at once), else zero; then the item
     * factors. Biases start at zero.
     */
    static StartFactors gaussian(RatingMatrix m, int k, boolean biases, Random rnd, double std, boolean randomUsers,
                                 FactorModel warmStart) {
        int nu = m.numUsers();
        int ni = m.numItems();
        float[] p = new float[nu * k];
        float[] q = new float[ni * k];
        float[] bu = new float[nu];
        float[] bi = new float[ni];
        if (randomUsers) {
            fill(p, rnd, std);
        }
        fill(q, rnd, std);
        if (warmStart != null) {
            warmStart.copyInto(k, nu, ni, p, q, biases ? bu : null, biases ? bi : null);
        }
        return new StartFactors(biases ? (float) m.mean() : 0f, p, q, bu, bi);
    }

    /**
     * Uniform start on [0, 0.1/√k) for a model without biases (implicit ALS), each side from its own stream so
     * the users' start does not depend on the number of items.
     */
    static StartFactors uniform(RatingMatrix m, int k, long seed, FactorModel warmStart) {
        int nu = m.numUsers();
        int ni = m.numItems();
        float[] p = uniform(nu, k, new SplittableRandom(seed));
        float[] q = uniform(ni, k, new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L));
        if (warmStart != null) {
            warmStart.copyInto(k, nu, ni, p, q, null, null);
        }
        return new StartFactors(0f, p, q, null, null);
    }

    private static void fill(float[] a, Random rnd, double std) {
        for (int j = 0; j < a.length; j++) {
            a[j] = (float) (rnd.nextGaussian() * std);
        }
    }

    private static float[] uniform(int rows, int k, SplittableRandom random) {
        float[] f = new float[rows * k];
        double scale = 0.1 / Math.sqrt(k);
        for (int e = 0; e < f.length; e++) {
            f[e] = (float) (random.nextDouble() * scale);
        }
        return f;
    }
}
