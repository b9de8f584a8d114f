package dev.latent.factorization;


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
 * <p>Rows are solved in parallel by the engine's {@link RowPasses}; each row's arithmetic is sequential, the
 * Gram matrices are computed on one thread and the loss is summed in block order, so the model (and the
 * reported loss) is bit-identical for a given seed whatever the thread count.
 */
public final class ImplicitAlsTrainer implements Trainer {

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
        StartFactors init = StartFactors.uniform(ratings, k, config.seed(), warmStart);
        float[] x = init.p();
        float[] y = init.q();
        ImplicitRowSolver[] solvers = new ImplicitRowSolver[config.threads()];
        for (int t = 0; t < solvers.length; t++) {
            solvers[t] = new ImplicitRowSolver(k);
        }
        double cells = Math.max(1.0, (double) numUsers * numItems);
        try (RowPasses passes = new RowPasses(config.threads(), "implicit-als")) {
            for (int it = 1; it <= config.iterations(); it++) {
                double[] gx = NormalEquations.gram(x, numUsers, k);
                sweep(passes, solvers, gx, x, y, numItems, ratings.itemPtr(), ratings.itemUsers(),
                        ratings.itemRatings(), false);
                double[] gy = NormalEquations.gram(y, numItems, k);
                double loss = 0;
                for (double blockLoss : sweep(passes, solvers, gy, y, x, numUsers, ratings.userPtr(),
                        ratings.userItems(), ratings.userRatings(), true)) {
                    loss += blockLoss;
                }
                loss += config.lambda() * (squaredNorm(x) + squaredNorm(y));
                if (!listener.onIteration(it, Math.sqrt(loss / cells), System.nanoTime() - start)) {
                    break;
                }
            }
        }
        return model(ratings, x, y);
    }

    private FactorModel model(RatingMatrix ratings, float[] x, float[] y) {
        int numItems = ratings.numItems();
        float[] itemBias = new float[numItems];
        if (config.popularityWeight() > 0) {
            for (int i = 0; i < numItems; i++) {
                itemBias[i] = popularityBias(config, ratings.itemCount(i));
            }
        }
        return new FactorModel(config.rank(), ratings.numUsers(), numItems, 0f, new float[ratings.numUsers()],
                itemBias, x, y);
    }

    /** The item bias of the ranking model's popularity blend for an item with {@code count} ratings. */
    public static float popularityBias(ImplicitAlsConfig config, int count) {
        return (float) (config.popularityWeight() * Math.log1p(count));
    }

    /**
     * Solves every row of {@code target} (rows {@code 0..rows}, cells by {@code ptr/idx/val}) against
     * {@code fixed}, whose Gram matrix is {@code gram}. Returns per block of rows the sum of the rows' loss
     * shares when {@code withLoss}, else zeros.
     */
    private double[] sweep(RowPasses passes, ImplicitRowSolver[] solvers, double[] gram, float[] fixed,
                           float[] target, int rows, int[] ptr, int[] idx, float[] val, boolean withLoss) {
        return passes.run(rows, (worker, first, end) -> solveRows(config, solvers[worker], gram, fixed, target,
                first, end, ptr, idx, val, withLoss));
    }

    /**
     * Solves rows {@code [from, to)} of {@code target} against {@code fixed} (Gram matrix {@code gram}, without
     * λ) exactly as a sweep of {@link #train} does, for a trainer that distributes the rows in blocks (the Spark
     * job) and gathers the fixed rows a block needs: {@code idx} indexes {@code fixed}. {@code target} holds the
     * rows' previous factors (the conjugate-gradient solver starts from them). Returns the rows' loss share
     * (without regularisation) when {@code withLoss}, else 0.
     */
    public static double solveRows(ImplicitAlsConfig config, double[] gram, float[] fixed, float[] target,
                                   int from, int to, int[] ptr, int[] idx, float[] val, boolean withLoss) {
        return solveRows(config, new ImplicitRowSolver(config.rank()), gram, fixed, target, from, to, ptr, idx,
                val, withLoss);
    }

    private static double solveRows(ImplicitAlsConfig config, ImplicitRowSolver solver, double[] gram,
                                    float[] fixed, float[] target, int first, int end, int[] ptr, int[] idx,
                                    float[] val, boolean withLoss) {
        int k = config.rank();
        double loss = 0;
        for (int row = first; row < end; row++) {
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
            if (withLoss) {
                loss += solver.loss(gram, fixed, idx, val, from, to, config, target, o);
            }
        }
        return loss;
    }

    private static double squaredNorm(float[] f) {
        double s = 0;
        for (float v : f) {
            s += (double) v * v;
        }
        return s;
    }
}
