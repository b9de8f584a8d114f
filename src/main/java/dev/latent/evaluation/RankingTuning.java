package dev.latent.evaluation;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitAlsTrainer;
import dev.latent.factorization.RatingMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Grid search of the ranking model's settings: top-N metrics of every combination next to popularity on the
 * same splits (the {@code evaluate} command with {@code --model both} is the one-configuration report). Every
 * list-valued flag takes comma-separated values; every combination is trained on every split and reported as
 * the mean over the splits.
 * <pre>
 * java -cp target/latent.jar -Dloader.main=dev.latent.evaluation.RankingTuning \
 *     org.springframework.boot.loader.launch.PropertiesLauncher \
 *     --train u1.base,u2.base --test u1.test,u2.test   |  --data ratings.csv --test-fraction 0.1 [--split-seed 42]
 *     [--rank 64] [--lambda 10] [--alpha 1] [--confidence LINEAR] [--shift 0] [--iterations 15]
 *     [--solver CONJUGATE_GRADIENT] [--cg-steps 3] [--popularity-weight 0] [--threads N] [--k 10]
 * </pre>
 */
public final class RankingTuning {

    private RankingTuning() {
    }

    public static void main(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int a = 0; a + 1 < args.length; a += 2) {
            if (!args[a].startsWith("--")) {
                throw new IllegalArgumentException("expected --flag value, got " + args[a]);
            }
            flags.put(args[a].substring(2), args[a + 1]);
        }
        List<RatingMatrix[]> splits = splits(flags);
        int k = Integer.parseInt(flags.getOrDefault("k", "10"));
        float relevant = Float.parseFloat(flags.getOrDefault("relevant", "4"));
        ImplicitAlsConfig d = ImplicitAlsConfig.DEFAULTS;
        Metrics pop = new Metrics();
        for (RatingMatrix[] s : splits) {
            pop.add(RankingMetrics.evaluate(RankingMetrics.popularity(s[0]), s[0], s[1], k, relevant), 0);
        }
        System.out.printf(Locale.ROOT, "%-70s %s%n", "popularity", pop.format(k));
        for (String rank : list(flags, "rank", d.rank())) {
            for (String lambda : list(flags, "lambda", d.lambda())) {
                for (String form : list(flags, "confidence", d.confidence())) {
                    for (String alpha : list(flags, "alpha", d.alpha())) {
                        for (String shift : list(flags, "shift", d.shift())) {
                            for (String iters : list(flags, "iterations", d.iterations())) {
                                for (String solver : list(flags, "solver", d.solver())) {
                                    for (String steps : list(flags, "cg-steps", d.cgSteps())) {
                                        for (String beta : list(flags, "popularity-weight", d.popularityWeight())) {
                                            ImplicitAlsConfig c = new ImplicitAlsConfig(Integer.parseInt(rank),
                                                    Double.parseDouble(lambda), Double.parseDouble(alpha),
                                                    ImplicitAlsConfig.Confidence.valueOf(form),
                                                    Double.parseDouble(shift), Integer.parseInt(iters),
                                                    ImplicitAlsConfig.Solver.valueOf(solver),
                                                    Integer.parseInt(steps), Double.parseDouble(beta),
                                                    Integer.parseInt(flags.getOrDefault("threads",
                                                            String.valueOf(d.threads()))),
                                                    Long.parseLong(flags.getOrDefault("seed", "42")));
                                            Metrics m = new Metrics();
                                            for (RatingMatrix[] s : splits) {
                                                long t0 = System.nanoTime();
                                                FactorModel model = new ImplicitAlsTrainer(c).train(s[0]);
                                                long t = System.nanoTime() - t0;
                                                m.add(RankingMetrics.evaluate(model::scoreAll, s[0], s[1], k,
                                                        relevant), t);
                                            }
                                            String name = String.format(Locale.ROOT,
                                                    "ranking rank=%s lambda=%s %s alpha=%s shift=%s it=%s %s/%s b=%s",
                                                    rank, lambda, form, alpha, shift, iters,
                                                    solver.substring(0, 2), steps, beta);
                                            System.out.printf(Locale.ROOT, "%-70s %s ratio=%.3f%n", name,
                                                    m.format(k), m.ndcg / pop.ndcg);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static List<String> list(Map<String, String> flags, String name, Object def) {
        return List.of(flags.getOrDefault(name, String.valueOf(def)).split(","));
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

    private static List<RatingMatrix[]> splits(Map<String, String> flags) {
        List<Splits.Split> splits = new ArrayList<>();
        if (flags.containsKey("data")) {
            splits.add(Splits.random(RatingFile.read(Path.of(flags.get("data"))),
                    Double.parseDouble(flags.getOrDefault("test-fraction", "0.1")),
                    Long.parseLong(flags.getOrDefault("split-seed", "42"))));
        } else {
            String[] trains = flags.get("train").split(",");
            String[] tests = flags.get("test").split(",");
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
