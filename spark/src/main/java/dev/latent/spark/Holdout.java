package dev.latent.spark;

/**
 * The held-out share of a distributed run, decided per rating by a seeded hash of its (user, item) indices, so
 * every executor decides alone, any partitioning gives the same split, and an in-process run can reproduce
 * it (the Spark test measures the in-process trainer on exactly this split).
 */
public final class Holdout {

    private Holdout() {
    }

    /** True when the rating of dense user {@code u} and item {@code i} is held out. */
    public static boolean isHeldOut(int u, int i, long seed, double fraction) {
        if (fraction <= 0) {
            return false;
        }
        long z = (((long) u << 32) | (i & 0xFFFFFFFFL)) ^ (seed * 0x9E3779B97F4A7C15L);
        // SplitMix64 finaliser: every input bit affects every output bit.
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53 < fraction;
    }
}
