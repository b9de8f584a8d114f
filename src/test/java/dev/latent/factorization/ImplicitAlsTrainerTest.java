package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.evaluation.RankingMetrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImplicitAlsTrainerTest {

    private static final ImplicitAlsConfig SMALL = ImplicitAlsConfig.DEFAULTS.withRank(8).withIterations(10)
            .withThreads(2);

    /**
     * Two user groups, each preferring its own half of the niche items (rated 4–5, Zipf-skewed inside the
     * group), plus a head of popular items rated by everyone (3–5) and a few out-of-group items rated 1–2.
     * Returns {train, test}, a random 80/20 split of the cells.
     */
    static RatingMatrix[] groupsWithPopularHead(long seed) {
        int users = 400;
        int popular = 20;
        int perGroup = 140;
        int items = popular + 2 * perGroup;
        SplittableRandom random = new SplittableRandom(seed);
        int cap = users * items;
        int[] tu = new int[cap];
        int[] ti = new int[cap];
        float[] tr = new float[cap];
        int[] su = new int[cap];
        int[] si = new int[cap];
        float[] sr = new float[cap];
        int nTrain = 0;
        int nTest = 0;
        for (int u = 0; u < users; u++) {
            int group = u % 2;
            for (int i = 0; i < items; i++) {
                double p;
                float r;
                if (i < popular) {
                    p = 0.4 / (1 + i * 0.2);
                    r = 3 + random.nextInt(3);
                } else {
                    int g = (i - popular) / perGroup;
                    int rankInGroup = (i - popular) % perGroup;
                    if (g == group) {
                        p = 0.5 / (1 + rankInGroup * 0.03);
                        r = 4 + random.nextInt(2);
                    } else {
                        p = 0.01;
                        r = 1 + random.nextInt(2);
                    }
                }
                if (random.nextDouble() < p) {
                    if (random.nextDouble() < 0.2) {
                        su[nTest] = u;
                        si[nTest] = i;
                        sr[nTest++] = r;
                    } else {
                        tu[nTrain] = u;
                        ti[nTrain] = i;
                        tr[nTrain++] = r;
                    }
                }
            }
        }
        return new RatingMatrix[] {RatingMatrix.of(users, items, tu, ti, tr, nTrain),
                RatingMatrix.of(users, items, su, si, sr, nTest)};
    }

    @Test
    void rankingModelBeatsPopularityOnGroupStructureWithAPopularHead() {
        RatingMatrix[] data = groupsWithPopularHead(7);
        FactorModel model = new ImplicitAlsTrainer(SMALL).train(data[0]);
        RankingMetrics.Result ranked = RankingMetrics.evaluate(model::scoreAll, data[0], data[1], 10, 4f);
        RankingMetrics.Result popular = RankingMetrics.evaluate(RankingMetrics.popularity(data[0]), data[0], data[1],
                10, 4f);
        assertTrue(ranked.ndcg() > 1.3 * popular.ndcg(),
                "ranking NDCG@10 " + ranked.ndcg() + " vs popularity " + popular.ndcg());
    }

    @Test
    void sameSeedGivesTheSameModelWhateverTheThreadCount() {
        RatingMatrix train = groupsWithPopularHead(3)[0];
        for (ImplicitAlsConfig.Solver solver : ImplicitAlsConfig.Solver.values()) {
            ImplicitAlsConfig c = SMALL.withSolver(solver, 3).withIterations(3);
            FactorModel a = new ImplicitAlsTrainer(c.withThreads(1)).train(train);
            FactorModel b = new ImplicitAlsTrainer(c.withThreads(3)).train(train);
            assertArrayEquals(a.userFactors(), b.userFactors());
            assertArrayEquals(a.itemFactors(), b.itemFactors());
            FactorModel other = new ImplicitAlsTrainer(c.withSeed(43)).train(train);
            assertTrue(other.userFactors()[0] != a.userFactors()[0]);
        }
    }

    @Test
    void foldInReproducesTheTrainingRowSolve() {
        RatingMatrix train = groupsWithPopularHead(5)[0];
        ImplicitAlsConfig exact = SMALL.withSolver(ImplicitAlsConfig.Solver.CHOLESKY, 3);
        FactorModel model = new ImplicitAlsTrainer(exact).train(train);
        ImplicitFoldIn foldIn = new ImplicitFoldIn(model, exact);
        int k = model.rank();
        for (int u = 0; u < 20; u++) {
            int from = train.userPtr()[u];
            int n = train.userCount(u);
            int[] items = java.util.Arrays.copyOfRange(train.userItems(), from, from + n);
            float[] ratings = java.util.Arrays.copyOfRange(train.userRatings(), from, from + n);
            float[] x = foldIn.userFactors(items, ratings);
            float[] trained = java.util.Arrays.copyOfRange(model.userFactors(), u * k, (u + 1) * k);
            assertArrayEquals(trained, x, 1e-6f);
        }
    }

    @Test
    void conjugateGradientConvergesToTheExactSolve() {
        RatingMatrix train = groupsWithPopularHead(9)[0];
        FactorModel model = new ImplicitAlsTrainer(SMALL).train(train);
        int k = model.rank();
        double[] gram = NormalEquations.gram(model.itemFactors(), model.numItems(), k);
        ImplicitRowSolver solver = new ImplicitRowSolver(k);
        int from = train.userPtr()[0];
        int to = train.userPtr()[1];
        float[] exact = new float[k];
        solver.solveExact(gram, model.itemFactors(), train.userItems(), train.userRatings(), from, to, SMALL, exact, 0);
        float[] cg = new float[k];
        solver.solveConjugateGradient(gram, model.itemFactors(), train.userItems(), train.userRatings(), from, to,
                SMALL, cg, 0, 4 * k);
        assertArrayEquals(exact, cg, 1e-4f);
    }

    @Test
    void rowSolveEqualsDenseWeightedLeastSquaresOverEveryCell() {
        // Brute force: minimise Σ_i c_i (p_i − x·y_i)² + λ‖x‖² over ALL items, unobserved ones with p = 0, c = 1.
        int k = 4;
        int items = 12;
        SplittableRandom random = new SplittableRandom(11);
        float[] y = new float[items * k];
        for (int e = 0; e < y.length; e++) {
            y[e] = (float) random.nextGaussian();
        }
        int[] rated = {1, 4, 5, 9};
        float[] ratings = {5f, 2f, 4f, 3f};
        ImplicitAlsConfig c = SMALL.withRank(k).withLambda(0.5)
                .withConfidence(ImplicitAlsConfig.Confidence.LINEAR, 2, 0);
        double[] a = new double[k * k];
        double[] b = new double[k];
        for (int i = 0; i < items; i++) {
            double ci = 1;
            double pi = 0;
            for (int j = 0; j < rated.length; j++) {
                if (rated[j] == i) {
                    ci = c.confidence(ratings[j]);
                    pi = 1;
                }
            }
            for (int r = 0; r < k; r++) {
                b[r] += ci * pi * y[i * k + r];
                for (int col = 0; col < k; col++) {
                    a[r * k + col] += ci * y[i * k + r] * y[i * k + col];
                }
            }
        }
        for (int d = 0; d < k; d++) {
            a[d * k + d] += c.lambda();
        }
        gaussianElimination(a, b, k);

        float[] x = new float[k];
        new ImplicitRowSolver(k).solveExact(NormalEquations.gram(y, items, k), y, rated, ratings, 0,
                rated.length, c, x, 0);
        for (int f = 0; f < k; f++) {
            assertEquals(b[f], x[f], 1e-5);
        }
    }

    @Test
    void trainingCostIsLinearInTheRatingsNotInTheMatrixSize() {
        // 20,000 × 20,000 = 400M cells: a dense double matrix (3.2 GB) would not fit the test heap (-Xmx2g).
        int users = 20_000;
        int items = 20_000;
        int perUser = 10;
        int n = users * perUser;
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        SplittableRandom random = new SplittableRandom(1);
        for (int e = 0; e < n; e++) {
            u[e] = e / perUser;
            i[e] = (int) ((e % perUser) * 2000L + random.nextInt(2000));
            r[e] = 1 + random.nextInt(5);
        }
        RatingMatrix m = RatingMatrix.of(users, items, u, i, r);
        FactorModel model = new ImplicitAlsTrainer(ImplicitAlsConfig.DEFAULTS.withRank(8).withIterations(2)).train(m);
        assertEquals(users * 8, model.userFactors().length);
        for (float v : model.itemFactors()) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void lossDecreasesOverSweeps() {
        RatingMatrix train = groupsWithPopularHead(2)[0];
        double[] losses = new double[SMALL.iterations() + 1];
        new ImplicitAlsTrainer(SMALL.withSolver(ImplicitAlsConfig.Solver.CHOLESKY, 3))
                .train(train, (it, loss, ns) -> {
                    losses[it] = loss;
                    return true;
                });
        for (int it = 2; it <= SMALL.iterations(); it++) {
            assertTrue(losses[it] <= losses[it - 1] * (1 + 1e-9),
                    "sweep " + it + ": " + losses[it] + " > " + losses[it - 1]);
        }
    }

    @Test
    void aListenerReturningFalseStopsAfterThatSweep() {
        RatingMatrix train = groupsWithPopularHead(6)[0];
        int[] calls = {0};
        new ImplicitAlsTrainer(SMALL).train(train, (it, loss, ns) -> ++calls[0] < 2);
        assertEquals(2, calls[0]);
    }

    @Test
    void aWarmStartContinuesFromTheGivenFactors() {
        RatingMatrix[] data = groupsWithPopularHead(8);
        FactorModel trained = new ImplicitAlsTrainer(SMALL).train(data[0]);
        FactorModel oneMore = new ImplicitAlsTrainer(SMALL.withIterations(1)).train(data[0], trained,
                TrainingListener.NONE);
        FactorModel cold = new ImplicitAlsTrainer(SMALL.withIterations(1)).train(data[0]);
        double warmNdcg = RankingMetrics.evaluate(oneMore::scoreAll, data[0], data[1], 10, 4f).ndcg();
        double trainedNdcg = RankingMetrics.evaluate(trained::scoreAll, data[0], data[1], 10, 4f).ndcg();
        double coldNdcg = RankingMetrics.evaluate(cold::scoreAll, data[0], data[1], 10, 4f).ndcg();
        assertEquals(trainedNdcg, warmNdcg, 0.01);
        assertTrue(warmNdcg >= coldNdcg, "warm " + warmNdcg + " vs one cold sweep " + coldNdcg);
    }

    @Test
    void foldInRejectsItemsOutsideTheModelAndGivesZeroWithoutRatings() {
        FactorModel model = new ImplicitAlsTrainer(SMALL.withIterations(1)).train(groupsWithPopularHead(1)[0]);
        ImplicitFoldIn foldIn = new ImplicitFoldIn(model, SMALL);
        assertArrayEquals(new float[model.rank()], foldIn.userFactors(new int[0], new float[0]));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> foldIn.userFactors(new int[] {model.numItems()}, new float[] {5f}));
    }

    @Test
    void foldInRecommendsFromTheUsersGroupAndNeverARatedItem() {
        RatingMatrix train = groupsWithPopularHead(12)[0];
        FactorModel model = new ImplicitAlsTrainer(SMALL).train(train);
        ImplicitFoldIn foldIn = new ImplicitFoldIn(model, SMALL);
        // An anonymous visitor who liked five niche items of group 0 (items 20..159).
        int[] items = {20, 25, 30, 35, 40};
        float[] ratings = {5, 5, 4, 5, 4};
        // Through the one top-N path serving takes: fold in, score every item, leave the rated ones out (NaN).
        float[] scores = new float[model.numItems()];
        model.scoreAll(0f, foldIn.userFactors(items, ratings), scores);
        for (int item : items) {
            scores[item] = Float.NaN;
        }
        TopN.Ranked top = TopN.select(scores, 10, i -> i < 20); // popular head excluded
        assertEquals(10, top.size());
        for (int i : top.indices()) {
            assertTrue(i >= 20 && i < 160, "item " + i + " is not a niche item of group 0");
            for (int rated : items) {
                assertTrue(i != rated);
            }
        }
        TopN.Ranked similar = TopN.select(model.similarities(20, new float[model.numItems()]), 5, null);
        assertEquals(5, similar.size());
        for (int i : similar.indices()) {
            assertTrue(i != 20);
        }
    }

    @Test
    void popularityBlendIsCarriedAsItemBias() {
        RatingMatrix train = groupsWithPopularHead(4)[0];
        FactorModel model = new ImplicitAlsTrainer(SMALL.withPopularityWeight(0.1).withIterations(1)).train(train);
        assertEquals(0.1 * Math.log1p(train.itemCount(0)), model.itemBias()[0], 1e-6);
        assertEquals(0f, model.globalMean());
    }

    /** Solves a x = b in place in b (naive, with partial pivoting): the reference for the brute-force test. */
    private static void gaussianElimination(double[] a, double[] b, int k) {
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int row = col + 1; row < k; row++) {
                if (Math.abs(a[row * k + col]) > Math.abs(a[pivot * k + col])) {
                    pivot = row;
                }
            }
            for (int c = 0; c < k; c++) {
                double t = a[col * k + c];
                a[col * k + c] = a[pivot * k + c];
                a[pivot * k + c] = t;
            }
            double t = b[col];
            b[col] = b[pivot];
            b[pivot] = t;
            for (int row = col + 1; row < k; row++) {
                double f = a[row * k + col] / a[col * k + col];
                for (int c = col; c < k; c++) {
                    a[row * k + c] -= f * a[col * k + c];
                }
                b[row] -= f * b[col];
            }
        }
        for (int row = k - 1; row >= 0; row--) {
            double s = b[row];
            for (int c = row + 1; c < k; c++) {
                s -= a[row * k + c] * b[c];
            }
            b[row] = s / a[row * k + row];
        }
    }
}
