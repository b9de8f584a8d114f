package dev.latent.cli;

import dev.latent.evaluation.RankingMetrics;
import dev.latent.evaluation.RatingFile;
import dev.latent.evaluation.Splits;
import dev.latent.factorization.Algorithm;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.Settings;
import dev.latent.factorization.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code tune} command: grid search of the ranking model's settings, top-N metrics of every combination next
 * to popularity on the same splits (the {@code evaluate} command with {@code --model both} is the
 * one-configuration report). The ranking flags are those of {@code evaluate}, each taking comma-separated values;
 * every combination is trained on every split and reported as the mean over the splits.
 * <pre>
 * java -jar latent.jar tune --train u1.base,u2.base --test u1.test,u2.test | --data ratings.csv [--test-fraction 0.1]
 *     [--seed 42] [--ranking-rank 64] [--ranking-lambda 10] [--alpha 1] [--confidence linear] [--shift 0]
 *     [--ranking-iterations 15] [--solver conjugate_gradient] [--cg-steps 3] [--popularity-weight 0]
 *     [--threads N] [--k 10] [--relevant 4]
 * </pre>
 */
final class RankingTuning {

    /** The grid's axes, outermost first: every one takes a comma-separated list. */
    private static final List<String> GRID = List.of("ranking-rank", "ranking-lambda", "confidence", "alpha", "shift",
            "ranking-iterations", "solver", "cg-steps", "popularity-weight");

    static final Set<String> VALUES;

    static {
        List<String> v = new ArrayList<>(GRID);
        v.addAll(List.of("train", "test", "data", "test-fraction", "seed", "threads", "k", "relevant"));
        VALUES = Set.copyOf(v);
    }

    private RankingTuning() {
    }

    static int run(Args a, PrintStream out) {
        List<RatingMatrix[]> splits = splits(a);
        int k = a.integer("k", 10);
        float relevant = (float) a.number("relevant", 4);
        Metrics pop = new Metrics();
        for (RatingMatrix[] s : splits) {
            pop.add(RankingMetrics.evaluate(RankingMetrics.popularity(s[0]), s[0], s[1], k, relevant), 0);
        }
        out.printf(Locale.ROOT, "%-70s %s%n", "popularity", pop.format(k));
        grid(a, 0, point -> {
            ImplicitAlsConfig c = (ImplicitAlsConfig) Algorithm.IMPLICIT_ALS.config(point);
            Metrics m = new Metrics();
            for (RatingMatrix[] s : splits) {
                long t0 = System.nanoTime();
                FactorModel model = Algorithm.IMPLICIT_ALS.trainer(point).train(s[0], TrainingListener.NONE);
                m.add(RankingMetrics.evaluate(model::scoreAll, s[0], s[1], k, relevant), System.nanoTime() - t0);
            }
            String name = String.format(Locale.ROOT, "ranking rank=%s lambda=%s %s alpha=%s shift=%s it=%s %s/%s b=%s",
                    c.rank(), c.lambda(), c.confidence(), c.alpha(), c.shift(), c.iterations(),
                    c.solver().name().substring(0, 2), c.cgSteps(), c.popularityWeight());
            out.printf(Locale.ROOT, "%-70s %s ratio=%.3f%n", name, m.format(k), m.ndcg / pop.ndcg);
        });
        return 0;
    }

    /** Calls {@code each} with every combination of the grid's values from axis {@code axis} on. */
    private static void grid(Settings s, int axis, java.util.function.Consumer<Settings> each) {
        if (axis == GRID.size()) {
            each.accept(s);
            return;
        }
        String name = GRID.get(axis);
        String values = s.get(name);
        if (values == null) {
            grid(s, axis + 1, each);
            return;
        }
        for (String v : values.split(",")) {
            grid(s.with(name, v.trim()), axis + 1, each);
        }
    }

    /** Mean metrics over splits. */
    private static final class Metrics {
        int n;
        double ndcg;
        double precision;
        double recall;
        double coverage;
        double seconds;

        void add(RankingMetrics.Result r, long nanos) {
            n++;
            ndcg += (r.ndcg() - ndcg) / n;
            precision += (r.precision() - precision) / n;
            recall += (r.recall() - recall) / n;
            coverage += (r.coverage() - coverage) / n;
            seconds += (nanos / 1e9 - seconds) / n;
        }

        String format(int k) {
            return String.format(Locale.ROOT,
                    "ndcg@%d=%.4f precision@%d=%.4f recall@%d=%.4f coverage=%.3f train_s=%.2f",
                    k, ndcg, k, precision, k, recall, coverage, seconds);
        }
    }

    private static List<RatingMatrix[]> splits(Args a) {
        List<Splits.Split> splits = new ArrayList<>();
        if (a.has("data")) {
            splits.add(Splits.random(RatingFile.read(Path.of(a.required("data"))), a.number("test-fraction", 0.1),
                    a.longValue("seed", 42)));
        } else {
            String[] trains = a.required("train").split(",");
            String[] tests = a.required("test").split(",");
            if (trains.length != tests.length) {
                throw new IllegalArgumentException("--train and --test need as many files each");
            }
            for (int f = 0; f < trains.length; f++) {
                splits.add(Splits.files(Path.of(trains[f]), Path.of(tests[f])));
            }
        }
        List<RatingMatrix[]> out = new ArrayList<>();
        for (Splits.Split s : splits) {
            out.add(new RatingMatrix[] {s.train().toMatrix(), s.test().toMatrix()});
        }
        return out;
    }
}
