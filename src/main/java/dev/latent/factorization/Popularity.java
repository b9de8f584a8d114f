package dev.latent.factorization;

/**
 * Item popularity from the observed ratings: each item's number of ratings and its damped mean
 * <pre>  m_i = (Σ_u r_ui + d · μ) / (n_i + d)</pre>
 * (μ the global mean, d the damping), which keeps an item with two 5-star ratings from outranking one
 * with two hundred 4.5s. The ranking orders items by count (ties to the lower index): on top-N metrics a
 * count ranking is the strong baseline (it is what users mostly rate), and it is the cold-start answer.
 */
public final class Popularity {

    private final int[] counts;
    private final float[] dampedMeans;
    private final float[] scores;

    private Popularity(int[] counts, float[] dampedMeans) {
        this.counts = counts;
        this.dampedMeans = dampedMeans;
        this.scores = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            scores[i] = counts[i];
        }
    }

    /** Computes counts and damped means of every item of {@code m}. Cost O(ratings). */
    public static Popularity of(RatingMatrix m, float damping) {
        double mu = m.mean();
        int[] ptr = m.itemPtr();
        float[] r = m.itemRatings();
        int[] counts = new int[m.numItems()];
        float[] means = new float[m.numItems()];
        for (int i = 0; i < counts.length; i++) {
            double sum = 0;
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                sum += r[p];
            }
            counts[i] = ptr[i + 1] - ptr[i];
            means[i] = dampedMean(sum, counts[i], mu, damping);
        }
        return new Popularity(counts, means);
    }

    /** m_i of an item whose {@code count} ratings sum to {@code sum}, μ the global mean. */
    public static float dampedMean(double sum, int count, double mu, float damping) {
        return (float) ((sum + damping * mu) / (count + damping));
    }

    /** Restores a popularity from stored counts and damped means. */
    public static Popularity of(int[] counts, float[] dampedMeans) {
        return new Popularity(counts, dampedMeans);
    }

    public int[] counts() {
        return counts;
    }

    public float[] dampedMeans() {
        return dampedMeans;
    }

    /** Ranking scores, higher is more popular. Do not modify. */
    public float[] scores() {
        return scores;
    }
}
