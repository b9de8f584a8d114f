package dev.latent.tuning;

import dev.latent.model.IdMap;
import dev.latent.model.Ratings;
import java.util.Random;

/** Generated test data: a planted low-rank-plus-biases matrix on a chosen rating scale, a share observed. */
final class Planted {

    private Planted() {
    }

    /**
     * r = centre + spread · (b_u + b_i + p_u·q_i) + N(0, noise²), rounded to {@code step} and clipped to
     * [centre − 2·spread, centre + 2·spread]; p·q of unit variance.
     */
    static Ratings ratings(int users, int items, int rank, double observed, double centre, double spread,
                           double noise, double step, long seed) {
        Random rnd = new Random(seed);
        double[] p = new double[users * rank];
        double[] q = new double[items * rank];
        double s = 1 / Math.sqrt(Math.sqrt(rank));
        for (int j = 0; j < p.length; j++) {
            p[j] = rnd.nextGaussian() * s;
        }
        for (int j = 0; j < q.length; j++) {
            q[j] = rnd.nextGaussian() * s;
        }
        double[] bu = new double[users];
        double[] bi = new double[items];
        for (int u = 0; u < users; u++) {
            bu[u] = rnd.nextGaussian() * 0.3;
        }
        for (int i = 0; i < items; i++) {
            bi[i] = rnd.nextGaussian() * 0.3;
        }
        IdMap userIds = new IdMap();
        IdMap itemIds = new IdMap();
        int cap = (int) (users * (long) items * observed) + 16;
        int[] us = new int[cap];
        int[] is = new int[cap];
        float[] rs = new float[cap];
        int n = 0;
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (rnd.nextDouble() >= observed || n == cap) {
                    continue;
                }
                double v = bu[u] + bi[i];
                for (int f = 0; f < rank; f++) {
                    v += p[u * rank + f] * q[i * rank + f];
                }
                double r = centre + spread * v + rnd.nextGaussian() * noise;
                r = Math.max(centre - 2 * spread, Math.min(centre + 2 * spread, Math.round(r / step) * step));
                us[n] = userIds.indexOrAdd("u" + u);
                is[n] = itemIds.indexOrAdd("i" + i);
                rs[n++] = (float) r;
            }
        }
        return new Ratings(us, is, rs, n, userIds, itemIds);
    }
}
