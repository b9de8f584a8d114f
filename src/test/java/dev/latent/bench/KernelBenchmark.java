package dev.latent.bench;

import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.FoldIn;
import dev.latent.factorization.NormalEquations;
import dev.latent.factorization.TopN;
import java.util.Random;
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
 * Microbenchmarks of the hot kernels at k = 64 (and 32). Run with {@code bench/jmh.sh} (see README).
 * Flops of {@code gram}: rows · k(k+1) (upper triangle only) plus 2(k+1)·rows for the right-hand side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmark {

    @Param({"64"})
    public int k;

    /** Catalogue size for scoring and top-N (ML-1M-like and 25M-scale). */
    @Param({"3706", "60000"})
    public int items;

    private float[] itemFactors;
    private int[] rows;
    private float[] targets;
    private NormalEquations ne;
    private double[] gram;
    private float[] out;
    private FactorModel model;
    private FoldIn foldIn;
    private float[] scores;
    private float[] user;

    @Setup
    public void setup() {
        Random rnd = new Random(1);
        itemFactors = new float[items * k];
        for (int j = 0; j < itemFactors.length; j++) {
            itemFactors[j] = (float) rnd.nextGaussian() * 0.1f;
        }
        rows = new int[100];
        targets = new float[100];
        for (int e = 0; e < rows.length; e++) {
            rows[e] = rnd.nextInt(items);
            targets[e] = 1 + rnd.nextInt(5);
        }
        ne = new NormalEquations(k, true);
        gram = NormalEquations.gram(itemFactors, 1000, k);
        out = new float[k];
        user = new float[k];
        for (int f = 0; f < k; f++) {
            user[f] = (float) rnd.nextGaussian();
        }
        model = new FactorModel(k, 1, items, 3.5f, new float[1], new float[items], user.clone(), itemFactors);
        foldIn = new FoldIn(model, AlsConfig.DEFAULTS.withRank(k));
        scores = new float[items];
        model.scoreAll(0, scores);
    }

    /** Accumulating the normal equations of one row with 100 ratings (the ALS hot loop). */
    @Benchmark
    public double gram100() {
        ne.clear();
        ne.addRows(itemFactors, rows, 0, rows.length, null, targets);
        return ne.dimension();
    }

    /** Cholesky solve of a (k+1) system from a ready Gram matrix (EJML). */
    @Benchmark
    public double solve() {
        ne.clear(gram);
        ne.regularize(1.0, 1.0);
        return ne.solve(out, 0);
    }

    /** Fold-in of a user with 100 ratings: accumulation plus solve, as the service calls it. */
    @Benchmark
    public float foldIn100() {
        return foldIn.solve(rows, targets, rows.length).bias();
    }

    /** Scoring one user against the whole catalogue (items · k multiply-adds). */
    @Benchmark
    public float scoreAll() {
        model.scoreAll(0, scores);
        return scores[0];
    }

    /** The same scores as {@link #scoreAll()} by one dot product per item: the baseline of its factor-major layout. */
    @Benchmark
    public float scoreAllByDots() {
        for (int i = 0; i < items; i++) {
            scores[i] = model.predict(0, i);
        }
        return scores[0];
    }

    /** Top-10 of the whole catalogue with the bounded heap. */
    @Benchmark
    public int top10() {
        return TopN.select(scores, 10, null).size();
    }
}
