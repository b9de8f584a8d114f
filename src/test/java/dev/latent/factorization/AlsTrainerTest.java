package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class AlsTrainerTest {

    private static final AlsConfig PLAIN = new AlsConfig(2, 0, 0, 10, false, false, 1, 1L, 0.1);

    private static final AlsConfig.Solver EXACT = AlsConfig.Solver.EXACT;
    private static final AlsConfig.Solver CG = AlsConfig.Solver.CONJUGATE_GRADIENT;

    @Test
    void reconstructsTheSeedToyMatrixExactlyWithoutBiasesOrRegularisation() {
        RatingMatrix toy = LowRank.seedToy();
        for (AlsConfig config : new AlsConfig[] {PLAIN.withSolver(EXACT, 1), PLAIN.withSolver(CG, 2),
                PLAIN.withSolver(CG, 1).withIterations(40)}) {
            FactorModel model = new AlsTrainer(config).train(toy, TrainingListener.NONE);
            assertTrue(LowRank.trainMse(model, toy) < 1e-6, config + ": MSE " + LowRank.trainMse(model, toy));
        }
    }

    @Test
    void conjugateGradientSweepsGiveTheExactSolvesHeldOutRmse() {
        LowRank data = new LowRank(300, 200, 6, 0.25, 21L);
        AlsConfig config = AlsConfig.DEFAULTS.withRank(10).withLambda(0.05, 0.02).withIterations(15).withThreads(2);
        FactorModel exact = new AlsTrainer(config.withSolver(EXACT, 1)).train(data.train, TrainingListener.NONE);
        double exactRmse = data.hiddenRmse(exact);
        for (int steps : new int[] {2, 3}) {
            List<Double> losses = new ArrayList<>();
            FactorModel cg = new AlsTrainer(config.withSolver(CG, steps)).train(data.train,
                    (it, loss, ns) -> losses.add(loss));
            assertEquals(exactRmse, data.hiddenRmse(cg), 0.002, steps + " steps");
            // the training RMSE the listener hears is the model's own, computed from the solver's residuals
            assertEquals(Math.sqrt(LowRank.trainMse(cg, data.train)), losses.get(losses.size() - 1), 1e-4);
        }
        assertTrue(exactRmse < 0.5, "the problem is learnable: hidden-cell RMSE " + exactRmse);
    }

    @Test
    void completesARank3MatrixFromHalfItsCellsSoMissingCellsAreNotZeros() {
        LowRank data = new LowRank(50, 40, 3, 0.5, 11L);
        AlsConfig config = new AlsConfig(3, 1e-6, 1e-6, 200, false, true, 2, 3L, 0.5);
        FactorModel model = new AlsTrainer(config).train(data.train, TrainingListener.NONE);
        double rmse = data.hiddenRmse(model);
        assertTrue(rmse < 0.05, "hidden-cell RMSE " + rmse);
    }

    @Test
    void completesWithBiasesTooAndReportsDecreasingLoss() {
        LowRank data = new LowRank(50, 40, 3, 0.5, 12L);
        AlsConfig config = new AlsConfig(3, 1e-6, 1e-6, 200, true, true, 2, 3L, 0.5);
        List<Double> losses = new ArrayList<>();
        FactorModel model = new AlsTrainer(config).train(data.train, (it, loss, ns) -> losses.add(loss));
        assertEquals(200, losses.size());
        assertTrue(losses.get(199) <= losses.get(0));
        assertTrue(data.hiddenRmse(model) < 0.05, "hidden-cell RMSE " + data.hiddenRmse(model));
    }

    @Test
    void isDeterministicForASeedWhateverTheThreadCount() {
        isDeterministicForASeedWhateverTheThreadCount(EXACT);
        isDeterministicForASeedWhateverTheThreadCount(CG);
    }

    private static void isDeterministicForASeedWhateverTheThreadCount(AlsConfig.Solver solver) {
        LowRank data = new LowRank(120, 90, 4, 0.3, 5L);
        AlsConfig config = AlsConfig.DEFAULTS.withRank(8).withIterations(5).withSeed(9L).withSolver(solver, 3);
        FactorModel a = new AlsTrainer(config.withThreads(2)).train(data.train, TrainingListener.NONE);
        FactorModel b = new AlsTrainer(config.withThreads(2)).train(data.train, TrainingListener.NONE);
        FactorModel c = new AlsTrainer(config.withThreads(1)).train(data.train, TrainingListener.NONE);
        assertArrayEquals(a.userFactors(), b.userFactors());
        assertArrayEquals(a.itemFactors(), b.itemFactors());
        assertArrayEquals(a.userBias(), b.userBias());
        assertArrayEquals(a.itemFactors(), c.itemFactors());
        FactorModel d = new AlsTrainer(config.withSeed(10L)).train(data.train, TrainingListener.NONE);
        assertTrue(a.itemFactors()[0] != d.itemFactors()[0], "another seed starts elsewhere");
    }

    @Test
    void stopsWhenTheListenerSaysSoAndAbandonsOnInterrupt() {
        LowRank data = new LowRank(30, 20, 2, 0.5, 1L);
        int[] calls = {0};
        new AlsTrainer(AlsConfig.DEFAULTS.withRank(2).withIterations(50))
                .train(data.train, (it, l, ns) -> ++calls[0] < 3);
        assertEquals(3, calls[0]);

        Thread.currentThread().interrupt();
        try {
            AlsTrainer oneThread = new AlsTrainer(AlsConfig.DEFAULTS.withRank(2).withThreads(1));
            assertThrows(CancellationException.class, () -> oneThread.train(data.train, TrainingListener.NONE));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void warmStartFromAConvergedModelStaysConverged() {
        LowRank data = new LowRank(50, 40, 3, 0.5, 11L);
        AlsConfig config = new AlsConfig(3, 1e-6, 1e-6, 200, false, true, 1, 3L, 0.5);
        FactorModel first = new AlsTrainer(config).train(data.train, TrainingListener.NONE);
        double[] firstLoss = {0};
        new AlsTrainer(config.withIterations(1)).train(data.train, first, (it, l, ns) -> {
            firstLoss[0] = l;
            return true;
        });
        assertTrue(firstLoss[0] < 1e-3, "one iteration from the converged model: " + firstLoss[0]);
        assertThrows(IllegalArgumentException.class,
                () -> new AlsTrainer(config.withRank(4)).train(data.train, first, TrainingListener.NONE));
    }

    @Test
    void warmStartOverASmallerIndexSpaceKeepsOldRowsAndStartsNewOnes() {
        LowRank data = new LowRank(40, 30, 3, 0.6, 8L);
        AlsConfig config = new AlsConfig(3, 1e-6, 1e-6, 100, true, true, 2, 3L, 0.5);
        FactorModel full = new AlsTrainer(config).train(data.train, TrainingListener.NONE);
        // A model that knows only the first 35 users and 25 items, as before new users and items arrived.
        int k = 3;
        FactorModel old = new FactorModel(k, 35, 25, full.globalMean(), java.util.Arrays.copyOf(full.userBias(), 35),
                java.util.Arrays.copyOf(full.itemBias(), 25), java.util.Arrays.copyOf(full.userFactors(), 35 * k),
                java.util.Arrays.copyOf(full.itemFactors(), 25 * k));
        FactorModel warm = new AlsTrainer(config.withIterations(30)).train(data.train, old, TrainingListener.NONE);
        assertEquals(40, warm.numUsers());
        assertEquals(30, warm.numItems());
        assertTrue(data.hiddenRmse(warm) < 0.05, "hidden-cell RMSE " + data.hiddenRmse(warm));
    }
}
