package dev.latent.bench;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitFoldIn;
import java.util.SplittableRandom;
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
 * Fold-in of one user into the ranking model: the exact row solve against fixed item factors (k = 64,
 * 3,706 items). Run: {@code bench/jmh.sh ImplicitFoldInBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ImplicitFoldInBenchmark {

    @Param({"100"})
    int ratings;

    private ImplicitFoldIn foldIn;
    private int[] items;
    private float[] values;

    @Setup
    public void setUp() {
        int k = 64;
        int numItems = 3706;
        SplittableRandom random = new SplittableRandom(1);
        float[] y = new float[numItems * k];
        for (int e = 0; e < y.length; e++) {
            y[e] = (float) (random.nextGaussian() * 0.1);
        }
        FactorModel model = FactorModel.withoutBiases(k, 1, numItems, new float[k], y);
        foldIn = new ImplicitFoldIn(model, ImplicitAlsConfig.DEFAULTS.withRank(k));
        items = random.ints(0, numItems).distinct().limit(ratings).toArray();
        values = new float[ratings];
        for (int j = 0; j < ratings; j++) {
            values[j] = 1 + random.nextInt(5);
        }
    }

    @Benchmark
    public float[] foldIn() {
        return foldIn.userFactors(items, values);
    }
}
