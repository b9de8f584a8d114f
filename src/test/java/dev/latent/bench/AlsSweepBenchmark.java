package dev.latent.bench;

import dev.latent.evaluation.RatingFile;
import dev.latent.evaluation.Splits;
import dev.latent.evaluation.SyntheticRatings;
import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.AlsTrainer;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.TrainingListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ALS sweep (user pass + item pass) at rank 64 over the 1M synthetic set of the README (6,000 users ×
 * 4,000 items, 1,000,000 generated ratings of rank 64, seed 1; the 90 % training part of a random split with
 * seed 42, 900,000 ratings), for the exact Cholesky solve and the conjugate-gradient solve. Each sweep starts
 * from the same model, trained by five exact sweeps in the set-up, as sweep six of a run would. Run:
 * <pre>  flock /tmp/latent-bench.lock bench/jmh.sh AlsSweepBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AlsSweepBenchmark {

    @Param({"EXACT", "CONJUGATE_GRADIENT"})
    public AlsConfig.Solver solver;

    @Param({"3"})
    public int cgSteps;

    @Param({"2"})
    public int threads;

    private RatingMatrix train;
    private FactorModel start;
    private AlsTrainer sweep;

    @Setup
    public void setup() throws IOException {
        Path file = Files.createTempFile("als-sweep", ".tsv");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                SyntheticRatings.write(w, 6000, 4000, 1_000_000, 64, 0.5, 1L);
            }
            train = Splits.random(RatingFile.read(file), 0.1, 42L).train().toMatrix();
        } finally {
            Files.delete(file);
        }
        AlsConfig config = AlsConfig.DEFAULTS.withRank(64).withThreads(threads);
        start = new AlsTrainer(config.withSolver(AlsConfig.Solver.EXACT, 1).withIterations(5))
                .train(train, TrainingListener.NONE);
        sweep = new AlsTrainer(config.withSolver(solver, cgSteps).withIterations(1));
    }

    @Benchmark
    public FactorModel sweep() {
        return sweep.train(train, start, TrainingListener.NONE);
    }
}
