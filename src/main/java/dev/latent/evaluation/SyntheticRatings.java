package dev.latent.evaluation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Random;

/**
 * Synthetic explicit ratings for scale runs: a low-rank-plus-noise model
 * <pre>  r = clip(round(3.5 + b_u + b_i + p_u·q_i + ε), 1, 5)
 *   b ~ N(0, 0.4²),  p, q ~ N(0, 1/√k) per entry (so p·q has unit variance),  ε ~ N(0, noise²)</pre>
 * over distinct (user, item) cells. User activity is log-normal and item popularity follows a power law
 * (weight ∝ (rank + 10)^−0.8), so rows have the skewed lengths of real data. Written as {@code u.data}:
 * {@code user<TAB>item<TAB>rating<TAB>timestamp} with 1-based ids. Deterministic for a seed.
 */
public final class SyntheticRatings {

    private SyntheticRatings() {
    }

    /** Writes {@code ratings} distinct cells; returns the number written. */
    public static long write(Writer out, int users, int items, long ratings, int rank, double noise, long seed)
            throws IOException {
        if (users < 1 || items < 1 || rank < 1 || ratings < 0 || ratings > (long) users * items / 2) {
            throw new IllegalArgumentException("need users, items, rank >= 1 and ratings <= users*items/2");
        }
        Random rnd = new Random(seed);
        double scale = 1 / Math.sqrt(Math.sqrt(rank));
        float[] q = new float[items * rank];
        float[] bi = new float[items];
        for (int j = 0; j < q.length; j++) {
            q[j] = (float) (rnd.nextGaussian() * scale);
        }
        for (int i = 0; i < items; i++) {
            bi[i] = (float) (rnd.nextGaussian() * 0.4);
        }
        // Item popularity: cumulative power-law weights over a random permutation of the items.
        int[] perm = new int[items];
        for (int i = 0; i < items; i++) {
            perm[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[] cum = new double[items];
        double total = 0;
        for (int r = 0; r < items; r++) {
            total += Math.pow(r + 10, -0.8);
            cum[r] = total;
        }
        // User activity: log-normal weights scaled to the requested total, each user at least one rating and at
        // most half the catalogue; the remainder is dealt round-robin.
        double[] act = new double[users];
        double actTotal = 0;
        for (int u = 0; u < users; u++) {
            act[u] = Math.exp(rnd.nextGaussian());
            actTotal += act[u];
        }
        int cap = Math.max(1, items / 2);
        int[] count = new int[users];
        long assigned = 0;
        for (int u = 0; u < users; u++) {
            count[u] = (int) Math.max(1, Math.min(cap, Math.floor(act[u] / actTotal * ratings)));
            assigned += count[u];
        }
        for (int u = 0; assigned < ratings; u = (u + 1) % users) {
            if (count[u] < cap) {
                count[u]++;
                assigned++;
            }
        }
        for (int u = 0; assigned > ratings; u = (u + 1) % users) {
            if (count[u] > 1) {
                count[u]--;
                assigned--;
            }
        }
        int[] seenBy = new int[items];
        java.util.Arrays.fill(seenBy, -1);
        float[] p = new float[rank];
        BufferedWriter w = out instanceof BufferedWriter bw ? bw : new BufferedWriter(out, 1 << 16);
        StringBuilder line = new StringBuilder(48);
        long written = 0;
        for (int u = 0; u < users; u++) {
            for (int f = 0; f < rank; f++) {
                p[f] = (float) (rnd.nextGaussian() * scale);
            }
            double bu = rnd.nextGaussian() * 0.4;
            for (int c = 0; c < count[u]; c++) {
                int item;
                int tries = 0;
                do {
                    // Popular items first; after many collisions fall back to uniform so long rows terminate.
                    item = tries++ < 32 ? perm[lowerBound(cum, rnd.nextDouble() * total)] : rnd.nextInt(items);
                } while (seenBy[item] == u);
                seenBy[item] = u;
                double v = 3.5 + bu + bi[item] + rnd.nextGaussian() * noise;
                for (int f = 0, o = item * rank; f < rank; f++) {
                    v += p[f] * q[o + f];
                }
                long r = Math.max(1, Math.min(5, Math.round(v)));
                line.setLength(0);
                line.append(u + 1).append('\t').append(item + 1).append('\t').append(r).append('\t')
                        .append(written).append('\n');
                w.append(line);
                written++;
            }
        }
        w.flush();
        return written;
    }

    private static int lowerBound(double[] cum, double x) {
        int lo = 0;
        int hi = cum.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
