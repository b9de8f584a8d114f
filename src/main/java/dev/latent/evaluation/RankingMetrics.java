package dev.latent.evaluation;

import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.TopN;
import java.util.stream.IntStream;

/**
 * Top-N accuracy over the full catalogue: for every user with at least one relevant held-out item, rank all
 * items the user did not rate in training, take the top K, and compare with the relevant test items (test
 * rating ≥ threshold).
 * <ul>
 *   <li>precision@K = hits / K</li>
 *   <li>recall@K = hits / |relevant|</li>
 *   <li>NDCG@K = DCG / IDCG with binary gains, DCG = Σ_{hit at rank r (1-based)} 1 / log2(r + 1),
 *       IDCG the DCG of min(K, |relevant|) hits at the top</li>
 *   <li>coverage = distinct items recommended to any evaluated user / number of items</li>
 * </ul>
 * Means are over evaluated users. Users are scored in parallel; the per-user values are summed in user
 * order so the result is deterministic.
 */
public final class RankingMetrics {

    /** Results of one evaluation. */
    public record Result(int k, int users, double precision, double recall, double ndcg, double coverage) {
    }

    private RankingMetrics() {
    }

    /**
     * Evaluates {@code scorer}. {@code train} and {@code test} must share the same user and item index spaces.
     */
    public static Result evaluate(UserScorer scorer, RatingMatrix train, RatingMatrix test, int k,
                                  float relevantAtLeast) {
        int numUsers = test.numUsers();
        int numItems = train.numItems();
        double[] precision = new double[numUsers];
        double[] recall = new double[numUsers];
        double[] ndcg = new double[numUsers];
        boolean[] evaluated = new boolean[numUsers];
        boolean[] recommended = new boolean[numItems];
        int[] tPtr = test.userPtr();
        int[] tItems = test.userItems();
        float[] tRatings = test.userRatings();
        ThreadLocal<float[]> buffers = ThreadLocal.withInitial(() -> new float[numItems]);
        IntStream.range(0, numUsers).parallel().forEach(u -> {
            int relevant = 0;
            for (int p = tPtr[u]; p < tPtr[u + 1]; p++) {
                if (tRatings[p] >= relevantAtLeast) {
                    relevant++;
                }
            }
            if (relevant == 0) {
                return;
            }
            float[] scores = buffers.get();
            scorer.score(u, scores);
            if (u < train.numUsers()) {
                int[] ptr = train.userPtr();
                int[] items = train.userItems();
                for (int p = ptr[u]; p < ptr[u + 1]; p++) {
                    scores[items[p]] = Float.NaN;
                }
            }
            TopN.Ranked top = TopN.select(scores, numItems, k, null);
            double dcg = 0;
            int hits = 0;
            for (int r = 0; r < top.size(); r++) {
                int item = top.indices()[r];
                synchronized (recommended) {
                    recommended[item] = true;
                }
                float t = test.get(u, item);
                if (t == t && t >= relevantAtLeast) {
                    hits++;
                    dcg += 1.0 / log2(r + 2);
                }
            }
            double idcg = idcg(k, relevant);
            precision[u] = hits / (double) k;
            recall[u] = hits / (double) relevant;
            ndcg[u] = dcg / idcg;
            evaluated[u] = true;
        });
        int users = 0;
        double p = 0;
        double r = 0;
        double n = 0;
        for (int u = 0; u < numUsers; u++) {
            if (evaluated[u]) {
                users++;
                p += precision[u];
                r += recall[u];
                n += ndcg[u];
            }
        }
        int covered = 0;
        for (boolean b : recommended) {
            if (b) {
                covered++;
            }
        }
        return users == 0
                ? new Result(k, 0, 0, 0, 0, 0)
                : new Result(k, users, p / users, r / users, n / users, numItems == 0 ? 0 : covered / (double) numItems);
    }

    /** Popularity baseline: every user gets the items ranked by their number of training ratings. */
    public static UserScorer popularity(RatingMatrix train) {
        float[] counts = new float[train.numItems()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = train.itemCount(i);
        }
        return (user, out) -> System.arraycopy(counts, 0, out, 0, counts.length);
    }

    /**
     * NDCG@K of one list as {@link #evaluate} computes it: binary gains, {@code relevant} the relevant items
     * sorted ascending (at least one), the ideal DCG that of min(K, |relevant|) hits at the top.
     */
    public static double ndcg(int[] ranked, int[] relevant, int k) {
        double dcg = 0;
        for (int r = 0; r < Math.min(k, ranked.length); r++) {
            if (java.util.Arrays.binarySearch(relevant, ranked[r]) >= 0) {
                dcg += 1.0 / log2(r + 2);
            }
        }
        return dcg / idcg(k, relevant.length);
    }

    /** How many of {@code ranked} are in {@code relevant} (sorted ascending). */
    public static int hits(int[] ranked, int[] relevant) {
        int hits = 0;
        for (int item : ranked) {
            hits += java.util.Arrays.binarySearch(relevant, item) >= 0 ? 1 : 0;
        }
        return hits;
    }

    private static double idcg(int k, int relevant) {
        double idcg = 0;
        for (int r = 0; r < Math.min(k, relevant); r++) {
            idcg += 1.0 / log2(r + 2);
        }
        return idcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
