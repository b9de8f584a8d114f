package dev.latent.evaluation;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.GroupAggregation;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.TopN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How good a group list is for its members, measured against their own lists (the {@code evaluate-groups}
 * command, docs/evaluation.md "Group lists"). On one split and one ranking model fitted on its training side:
 * random groups of each size are drawn (seeded, members distinct, among the users with at least one relevant
 * held-out item); every aggregation makes the group's top K through {@link GroupAggregation} with the items any
 * member rated in training left out (as the service does), and every member's own top K is made with the
 * member's own training items left out (the member's individual list, the reference). For each member the
 * group list and the own list are scored against the member's relevant held-out items (test rating ≥ the
 * threshold): NDCG@K and precision@K as in {@link RankingMetrics}. Reported per size and aggregation: the mean
 * over all members of all groups, the mean over groups of the worst member's value (fairness), the same for
 * the own lists (and for the own lists drawn from the group's candidates), and the mean overlap (share of the group list found in the member's own top K, as
 * the service's {@code overlap}).
 */
public final class GroupEvaluation {

    /**
     * @param sizes           group sizes
     * @param groups          groups drawn of each size
     * @param k               list length
     * @param relevantAtLeast test ratings at or above this are relevant
     * @param seed            seed of the group draw
     */
    public record Options(int[] sizes, int groups, int k, float relevantAtLeast, long seed) {
    }

    /** The figures of one list-maker (an aggregation, or the members' own lists) over the groups of one size. */
    public record Figures(double ndcg, double precision, double worstNdcg, double worstPrecision, double overlap,
                          double worstOverlap) {
    }

    /**
     * The figures of one group size: the members' own lists ({@code own}), the members' own lists drawn from
     * the group's candidates only ({@code ownInGroup}: what is left for the member once the items the other
     * members rated are left out, the best any aggregation could do for that member), and each aggregation in
     * the order asked.
     */
    public record SizeResult(int size, int groups, Figures own, Figures ownInGroup, List<GroupAggregation> aggregations,
                             List<Figures> figures) {
    }

    private GroupEvaluation() {
    }

    /** The users with at least one relevant held-out item and at least one training rating. */
    static int[] eligible(RatingMatrix train, RatingMatrix test, float relevantAtLeast) {
        int[] out = new int[test.numUsers()];
        int c = 0;
        for (int u = 0; u < test.numUsers() && u < train.numUsers(); u++) {
            if (train.userPtr()[u + 1] == train.userPtr()[u]) {
                continue;
            }
            for (int p = test.userPtr()[u]; p < test.userPtr()[u + 1]; p++) {
                if (test.userRatings()[p] >= relevantAtLeast) {
                    out[c++] = u;
                    break;
                }
            }
        }
        return Arrays.copyOf(out, c);
    }

    /** Runs the protocol for every size of {@code o}; {@code train} and {@code test} share index spaces. */
    public static List<SizeResult> run(FactorModel model, RatingMatrix train, RatingMatrix test,
                                       List<GroupAggregation> aggregations, Options o) {
        int n = train.numItems();
        int k = o.k();
        int[] users = eligible(train, test, o.relevantAtLeast());
        int[][] relevant = new int[test.numUsers()][];
        int[][] own = new int[test.numUsers()][];
        double[] ownNdcg = new double[test.numUsers()];
        double[] ownPrecision = new double[test.numUsers()];
        float[] buffer = new float[n];
        for (int u : users) {
            relevant[u] = relevantItems(test, u, o.relevantAtLeast());
            model.scoreAll(u, buffer);
            leaveOutTraining(train, u, buffer);
            own[u] = TopN.select(buffer, n, k, null).indices();
            ownNdcg[u] = RankingMetrics.ndcg(own[u], relevant[u], k);
            ownPrecision[u] = RankingMetrics.hits(own[u], relevant[u]) / (double) k;
        }
        List<SizeResult> out = new ArrayList<>();
        for (int size : o.sizes()) {
            if (size < 1 || size > users.length) {
                throw new IllegalArgumentException("group size " + size + " outside 1.." + users.length
                        + " (the users with a relevant held-out item)");
            }
            Random rnd = new Random(o.seed() * 1_000_003L + size);
            Sums ownSums = new Sums();
            Sums ownInGroupSums = new Sums();
            Sums[] sums = new Sums[aggregations.size()];
            for (int a = 0; a < sums.length; a++) {
                sums[a] = new Sums();
            }
            float[][] scores = new float[size][n];
            float[] leftOut = new float[n];
            int[] pool = users.clone();
            for (int g = 0; g < o.groups(); g++) {
                int[] members = draw(pool, size, rnd);
                Arrays.fill(leftOut, 0f);
                for (int u : members) {
                    int[] ptr = train.userPtr();
                    for (int p = ptr[u]; p < ptr[u + 1]; p++) {
                        leftOut[train.userItems()[p]] = Float.NaN;
                    }
                }
                for (int j = 0; j < size; j++) {
                    model.scoreAll(members[j], scores[j]);
                    for (int i = 0; i < n; i++) {
                        scores[j][i] += leftOut[i];
                    }
                }
                double[] nd = new double[size];
                double[] pr = new double[size];
                double[] ov = new double[size];
                for (int j = 0; j < size; j++) {
                    nd[j] = ownNdcg[members[j]];
                    pr[j] = ownPrecision[members[j]];
                    ov[j] = 1;
                }
                ownSums.add(nd, pr, ov);
                for (int j = 0; j < size; j++) {
                    int u = members[j];
                    int[] top = TopN.select(scores[j], n, k, null).indices();
                    nd[j] = RankingMetrics.ndcg(top, relevant[u], k);
                    pr[j] = RankingMetrics.hits(top, relevant[u]) / (double) k;
                    ov[j] = top.length == 0 ? 0 : overlap(top, own[u]) / (double) top.length;
                }
                ownInGroupSums.add(nd, pr, ov);
                for (int a = 0; a < sums.length; a++) {
                    GroupAggregation.Accumulator acc = aggregations.get(a).start(n, size);
                    for (float[] s : scores) {
                        acc.add(s);
                    }
                    int[] top = TopN.select(acc.result(), n, k, null).indices();
                    for (int j = 0; j < size; j++) {
                        int u = members[j];
                        nd[j] = RankingMetrics.ndcg(top, relevant[u], k);
                        pr[j] = RankingMetrics.hits(top, relevant[u]) / (double) k;
                        ov[j] = top.length == 0 ? 0 : overlap(top, own[u]) / (double) top.length;
                    }
                    sums[a].add(nd, pr, ov);
                }
            }
            List<Figures> figures = new ArrayList<>();
            for (Sums s : sums) {
                figures.add(s.figures());
            }
            out.add(new SizeResult(size, o.groups(), ownSums.figures(), ownInGroupSums.figures(),
                    List.copyOf(aggregations), figures));
        }
        return out;
    }

    /** {@code size} distinct users of {@code pool} (partial Fisher–Yates; the pool's order changes). */
    private static int[] draw(int[] pool, int size, Random rnd) {
        for (int j = 0; j < size; j++) {
            int pick = j + rnd.nextInt(pool.length - j);
            int t = pool[j];
            pool[j] = pool[pick];
            pool[pick] = t;
        }
        return Arrays.copyOf(pool, size);
    }

    private static void leaveOutTraining(RatingMatrix train, int u, float[] scores) {
        for (int p = train.userPtr()[u]; p < train.userPtr()[u + 1]; p++) {
            scores[train.userItems()[p]] = Float.NaN;
        }
    }

    /** The user's held-out items rated at least {@code relevantAtLeast}, sorted. */
    private static int[] relevantItems(RatingMatrix test, int u, float relevantAtLeast) {
        int[] out = new int[test.userPtr()[u + 1] - test.userPtr()[u]];
        int c = 0;
        for (int p = test.userPtr()[u]; p < test.userPtr()[u + 1]; p++) {
            if (test.userRatings()[p] >= relevantAtLeast) {
                out[c++] = test.userItems()[p];
            }
        }
        int[] r = Arrays.copyOf(out, c);
        Arrays.sort(r);
        return r;
    }

    private static int overlap(int[] a, int[] b) {
        int c = 0;
        for (int x : a) {
            for (int y : b) {
                if (x == y) {
                    c++;
                    break;
                }
            }
        }
        return c;
    }

    /** Running sums over groups: per-member means and per-group worst values. */
    private static final class Sums {
        private long members;
        private int groups;
        private double ndcg;
        private double precision;
        private double overlap;
        private double worstNdcg;
        private double worstPrecision;
        private double worstOverlap;

        void add(double[] nd, double[] pr, double[] ov) {
            groups++;
            members += nd.length;
            double wn = Double.POSITIVE_INFINITY;
            double wp = Double.POSITIVE_INFINITY;
            double wo = Double.POSITIVE_INFINITY;
            for (int j = 0; j < nd.length; j++) {
                ndcg += nd[j];
                precision += pr[j];
                overlap += ov[j];
                wn = Math.min(wn, nd[j]);
                wp = Math.min(wp, pr[j]);
                wo = Math.min(wo, ov[j]);
            }
            worstNdcg += wn;
            worstPrecision += wp;
            worstOverlap += wo;
        }

        Figures figures() {
            return new Figures(ndcg / members, precision / members, worstNdcg / groups, worstPrecision / groups,
                    overlap / members, worstOverlap / groups);
        }
    }
}
