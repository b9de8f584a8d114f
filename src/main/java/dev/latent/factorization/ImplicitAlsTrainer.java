package dev.latent.factorization;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Implicit-feedback ALS (Hu, Koren and Volinsky 2008) over the pattern of who rated what: the ranking model.
 * See {@link ImplicitAlsConfig} for the objective. Each sweep solves every item against fixed user factors,
 * then every user against fixed item factors, so the final user factors are exactly what
 * {@link ImplicitFoldIn} computes for the same ratings (with the exact solver).
 *
 * <p>Cost per sweep: one k × k Gram matrix per side (O((users + items) k²)), then per row either
 * O(n_row k² + k³) (Cholesky) or O(steps (k² + n_row k)) (conjugate gradient): linear in the number of
 * ratings, never touching a dense users × items matrix. Memory: the two factor matrices plus one k × k
 * workspace per thread.
 *
 * <p>Rows are solved in parallel; each row's arithmetic is sequential and the Gram matrices are computed on
 * one thread, so the model is bit-identical for a given seed whatever the thread count.
 */
public final class ImplicitAlsTrainer implements Trainer {

    private static final int CHUNK = 16;

    private final ImplicitAlsConfig config;

    public ImplicitAlsTrainer(ImplicitAlsConfig config) {
        this.config = config;
    }

    public ImplicitAlsConfig config() {
        return config;
    }

    /** Trains on the observed pattern of {@code ratings} from a seeded random start. */
    public FactorModel train(RatingMatrix ratings) {
        return train(ratings, null, TrainingListener.NONE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The value passed to the listener as {@code trainingRmse} is sqrt(L / (users · items)), L the full
     * objective of {@link ImplicitAlsConfig} including regularisation: the root mean weighted squared error of
     * the preference over every cell. With the exact solver it never increases.
     */
    @Override
    public FactorModel train(RatingMatrix ratings, FactorModel warmStart, TrainingListener listener) {
        long start = System.nanoTime();
        int k = config.rank();
        int numUsers = ratings.numUsers();
        int numItems = ratings.numItems();
        float[] x = randomFactors(numUsers, k, new SplittableRandom(config.seed()));
        float[] y = randomFactors(numItems, k, new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L));
        if (warmStart != null) {
            if (warmStart.rank() != k || warmStart.numUsers() > numUsers || warmStart.numItems() > numItems) {
                throw new IllegalArgumentException("warm start of rank " + warmStart.rank() + " over "
                        + warmStart.numUsers() + "x" + warmStart.numItems() + " does not fit rank " + k + " over "
                        + numUsers + "x" + numItems);
            }
            System.arraycopy(warmStart.userFactors(), 0, x, 0, warmStart.userFactors().length);
            System.arraycopy(warmStart.itemFactors(), 0, y, 0, warmStart.itemFactors().length);
        }
        int threads = config.threads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "implicit-als");
            t.setDaemon(true);
            return t;
        });
        double cells = Math.max(1.0, (double) numUsers * numItems);
        try {
            double[] rowLoss = new double[numUsers];
            for (int it = 1; it <= config.iterations(); it++) {
                double[] gx = NormalEquations.gram(x, numUsers, k);
                sweep(pool, threads, gx, x, y, numItems, ratings.itemPtr(), ratings.itemUsers(),
                        ratings.itemRatings(), null);
                double[] gy = NormalEquations.gram(y, numItems, k);
                sweep(pool, threads, gy, y, x, numUsers, ratings.userPtr(), ratings.userItems(),
                        ratings.userRatings(), rowLoss);
                double loss = 0;
                for (double l : rowLoss) {
                    loss += l;
                }
                loss += config.lambda() * (squaredNorm(x) + squaredNorm(y));
                if (!listener.onIteration(it, Math.sqrt(loss / cells), System.nanoTime() - start)) {
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return model(ratings, x, y);
    }

    private FactorModel model(RatingMatrix ratings, float[] x, float[] y) {
        int numItems = ratings.numItems();
        float[] itemBias = new float[numItems];
        if (config.popularityWeight() > 0) {
            for (int i = 0; i < numItems; i++) {
                itemBias[i] = (float) (config.popularityWeight() * Math.log1p(ratings.itemCount(i)));
            }
        }
        return new FactorModel(config.rank(), ratings.numUsers(), numItems, 0f, new float[ratings.numUsers()],
                itemBias, x, y);
    }

    /**
     * Solves every row of {@code target} (rows {@code 0..rows}, cells by {@code ptr/idx/val}) against
     * {@code fixed}, whose Gram matrix is {@code gram}. When {@code rowLoss} is given, also writes each row's
     * loss share.
     */
    private void sweep(ExecutorService pool, int threads, double[] gram, float[] fixed, float[] target, int rows, int[] ptr,
                       int[] idx, float[] val, double[] rowLoss) {
        int k = config.rank();
        AtomicInteger next = new AtomicInteger();
        runOnAll(pool, threads, () -> {
            ImplicitRowSolver solver = new ImplicitRowSolver(k);
            int c;
            while ((c = next.getAndAdd(CHUNK)) < rows) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("implicit ALS training interrupted");
                }
                for (int row = c, end = Math.min(rows, c + CHUNK); row < end; row++) {
                    int from = ptr[row];
                    int to = ptr[row + 1];
                    int o = row * k;
                    if (from == to) {
                        java.util.Arrays.fill(target, o, o + k, 0f);
                    } else if (config.solver() == ImplicitAlsConfig.Solver.CHOLESKY) {
                        solver.solveExact(gram, fixed, idx, val, from, to, config, target, o);
                    } else {
                        solver.solveConjugateGradient(gram, fixed, idx, val, from, to, config, target, o,
                                config.cgSteps());
                    }
                    if (rowLoss != null) {
                        rowLoss[row] = solver.loss(gram, fixed, idx, val, from, to, config, target, o);
                    }
                }
            }
        });
    }

    /** Runs {@code task} on {@code threads} workers of {@code pool} and waits for all of them. */
    private static void runOnAll(ExecutorService pool, int threads, Runnable task) {
        List<Future<?>> futures = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(task));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("implicit ALS training interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("implicit ALS training failed", e.getCause());
        }
    }

    private static float[] randomFactors(int rows, int k, SplittableRandom random) {
        float[] f = new float[rows * k];
        double scale = 0.1 / Math.sqrt(k);
        for (int e = 0; e < f.length; e++) {
            f[e] = (float) (random.nextDouble() * scale);
        }
        return f;
    }

    private static double squaredNorm(float[] f) {
        double s = 0;
        for (float v : f) {
            s += (double) v * v;
        }
        return s;
    }
}
