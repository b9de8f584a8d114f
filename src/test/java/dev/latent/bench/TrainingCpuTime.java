package dev.latent.bench;

import dev.latent.evaluation.RatingFile;
import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.AlsTrainer;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitAlsTrainer;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.TrainingListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time of training the rating model (ALS with biases, conjugate-gradient and exact row solves) and the
 * ranking model (implicit ALS, conjugate gradient and exact solve) on one thread, at the same rank and number of
 * sweeps: a load-insensitive view of the solvers' costs and of the "both models ≤ 2 × the rating model" budget
 * on a shared machine (wall-clock times there swing with other
 * processes; CPU time of the training thread much less). Run after {@code bench/jmh.sh} has written the test
 * classpath:
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.latent.bench.TrainingCpuTime \
 *     synthetic-1m.tsv [rank 64] [iterations 3] [repetitions 3]
 * </pre>
 */
public final class TrainingCpuTime {

    private TrainingCpuTime() {
    }

    public static void main(String[] args) {
        RatingMatrix m = RatingFile.read(Path.of(args[0])).toMatrix();
        int rank = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        AlsConfig rating = AlsConfig.DEFAULTS.withRank(rank).withThreads(1).withIterations(iterations);
        ImplicitAlsConfig ranking = ImplicitAlsConfig.DEFAULTS.withRank(rank).withThreads(1)
                .withIterations(iterations);
        System.out.printf(Locale.ROOT, "%d ratings, %d users, %d items, rank %d, %d sweeps, one thread%n", m.size(),
                m.numUsers(), m.numItems(), rank, iterations);
        for (int rep = 0; rep < repetitions; rep++) {
            long exact0 = bean.getCurrentThreadCpuTime();
            new AlsTrainer(rating.withSolver(AlsConfig.Solver.EXACT, 1)).train(m, TrainingListener.NONE);
            long t0 = bean.getCurrentThreadCpuTime();
            new AlsTrainer(rating).train(m, TrainingListener.NONE);
            long t1 = bean.getCurrentThreadCpuTime();
            new ImplicitAlsTrainer(ranking).train(m);
            long t2 = bean.getCurrentThreadCpuTime();
            new ImplicitAlsTrainer(ranking.withSolver(ImplicitAlsConfig.Solver.CHOLESKY, 1)).train(m);
            long t3 = bean.getCurrentThreadCpuTime();
            double exact = (t0 - exact0) / 1e9 / iterations;
            double r = (t1 - t0) / 1e9 / iterations;
            double cg = (t2 - t1) / 1e9 / iterations;
            double chol = (t3 - t2) / 1e9 / iterations;
            System.out.printf(Locale.ROOT, "cpu s/sweep: rating exact %.3f, rating %s(%d) %.3f (exact / it %.2f), "
                    + "ranking CG %.3f, ranking Cholesky %.3f; (rating + ranking CG) / rating = %.2f%n", exact,
                    rating.solver(), rating.cgSteps(), r, exact / r, cg, chol, (r + cg) / r);
        }
    }
}
