package dev.latent.cli;

import dev.latent.evaluation.Evaluator;
import dev.latent.evaluation.HeldOutMetrics;
import dev.latent.evaluation.RankingMetrics;
import dev.latent.evaluation.RatingFile;
import dev.latent.model.Ratings;
import dev.latent.evaluation.Splits;
import dev.latent.evaluation.SyntheticRatings;
import dev.latent.factorization.Algorithm;
import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.BayesianAlsConfig;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.Trainer;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Command-line tools of the jar that run without Spring: {@code evaluate}, {@code evaluate-groups}, {@code generate},
 * {@code tune} and {@code movielens-items}. See README
 * "Engine and evaluation" for the flags.
 */
public final class Cli {

    private static final Set<String> COMMANDS = Set.of("evaluate", "evaluate-groups", "generate", "tune",
            "movielens-items");

    private static final Set<String> EVALUATE_VALUES = Set.of("train", "test", "data", "test-fraction", "folds",
            "holdout", "seed", "algorithm", "rank", "lambda", "bias-lambda", "iterations", "lr", "decay", "threads",
            "k", "relevant", "init-std", "burn-in", "samples", "noise-dof", "model", "ranking-rank", "ranking-lambda",
            "ranking-iterations", "alpha", "confidence", "shift", "solver", "cg-steps", "popularity-weight",
            "als-solver", "als-cg-steps");
    private static final Set<String> EVALUATE_SWITCHES = Set.of("no-biases", "unweighted", "no-ranking");
    private static final Set<String> GENERATE_VALUES = Set.of("users", "items", "ratings", "rank", "seed", "out",
            "noise");

    private static final Set<String> ITEMS_VALUES = Set.of("file", "out");

    private Cli() {
    }

    public static boolean isCommand(String arg) {
        return COMMANDS.contains(arg);
    }

    /** Runs the command named by {@code args[0]}; returns the process exit code. */
    public static int run(String[] args) throws Exception {
        return run(args, System.out, System.err);
    }

    /** As {@link #run(String[])} with the given streams (tests). */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "evaluate":
                    return evaluate(new Args(rest, EVALUATE_VALUES, EVALUATE_SWITCHES), out);
                case "evaluate-groups":
                    return GroupEvaluationCommand.run(new Args(rest, GroupEvaluationCommand.VALUES, Set.of()), out);
                case "generate":
                    return generate(new Args(rest, GENERATE_VALUES, Set.of()), out);
                case "tune":
                    return RankingTuning.run(new Args(rest, RankingTuning.VALUES, Set.of()), out);
                case "movielens-items":
                    return movieLensItems(new Args(rest, ITEMS_VALUES, Set.of()), out, err);
                default:
                    err.println("unknown command " + args[0]);
                    return 2;
            }
        } catch (IllegalArgumentException e) {
            err.println(args[0] + ": " + e.getMessage());
            return 2;
        }
    }

    /**
     * {@code movielens-items --file u.item|movies.csv [--out items.ndjson]}: catalogue NDJSON for
     * {@code POST /items/import} (stdout without --out). See docs/demo-data.md.
     */
    private static int movieLensItems(Args a, PrintStream out, PrintStream err) throws Exception {
        Path in = Path.of(a.required("file"));
        String target = a.string("out", null);
        int n;
        if (target == null) {
            java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            n = MovieLensItems.convert(in, w);
            w.flush();
        } else {
            try (BufferedWriter w = Files.newBufferedWriter(Path.of(target), StandardCharsets.UTF_8)) {
                n = MovieLensItems.convert(in, w);
            }
        }
        err.println("wrote " + n + " items");
        return 0;
    }

    private static int generate(Args a, PrintStream out) throws Exception {
        int users = a.integer("users", 6040);
        int items = a.integer("items", 3706);
        long ratings = a.longValue("ratings", 1_000_000);
        int rank = a.integer("rank", 10);
        long seed = a.longValue("seed", 42);
        double noise = a.number("noise", 0.5);
        Path path = Path.of(a.required("out"));
        long t0 = System.nanoTime();
        long n;
        try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            n = SyntheticRatings.write(w, users, items, ratings, rank, noise, seed);
        }
        out.printf(Locale.ROOT,
                "wrote %d ratings (%d users x %d items, rank %d, noise %.2f, seed %d) to %s in %.1f s%n",
                n, users, items, rank, noise, seed, path, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static int evaluate(Args a, PrintStream out) {
        long seed = a.longValue("seed", 42);
        Algorithm algorithm = Algorithm.rating(a.string("algorithm", "als"));
        Record ratingConfig = algorithm.config(a);
        Trainer trainer = algorithm.trainer(a);
        ToDoubleFunction<RatingMatrix> flops = null;
        if (ratingConfig instanceof AlsConfig c) {
            flops = m -> Evaluator.alsFlopsPerIteration(m, c.rank(), c.biases());
        } else if (ratingConfig instanceof BayesianAlsConfig c) {
            flops = m -> Evaluator.alsFlopsPerIteration(m, c.rank(), c.biases());
        }
        String config = ratingConfig.toString();
        String model = a.string("model", "rating").toLowerCase(Locale.ROOT);
        if (!Set.of("rating", "ranking", "both").contains(model)) {
            throw new IllegalArgumentException("--model must be rating, ranking or both");
        }
        if (model.equals("ranking")) {
            trainer = null;
        }
        Trainer ranker = null;
        if (!model.equals("rating")) {
            if (a.has("no-ranking")) {
                throw new IllegalArgumentException("--model " + model + " needs the ranking metrics");
            }
            ranker = Algorithm.IMPLICIT_ALS.trainer(a);
            config = (trainer == null ? "" : config + "\n") + Algorithm.IMPLICIT_ALS.config(a);
        }
        int k = a.integer("k", 10);
        Evaluator.Options options = new Evaluator.Options(k, (float) a.number("relevant", 4.0), !a.has("no-ranking"));
        HeapSampler heap = HeapSampler.start();
        long t0 = System.nanoTime();
        List<Splits.Split> splits = new ArrayList<>();
        String protocol = readSplits(a, seed, splits);
        out.printf(Locale.ROOT, "read in %.2f s; protocol: %s%n%s%n", (System.nanoTime() - t0) / 1e9, protocol, config);
        List<Evaluator.Report> reports = new ArrayList<>();
        for (int s = 0; s < splits.size(); s++) {
            if (splits.size() > 1) {
                out.printf(Locale.ROOT, "== split %d of %d%n", s + 1, splits.size());
            }
            // Hand the split over without keeping a reference here, so its lists can go once turned into matrices.
            reports.add(Evaluator.run(trainer, ranker, splits.set(s, null), options, flops, out));
        }
        heap.stop();
        Summary sum = Summary.of(reports);
        if (reports.size() > 1) {
            out.printf(Locale.ROOT, "== mean over %d splits: rmse %.4f (biases %.4f, mean %.4f)%n", reports.size(),
                    sum.rmse, sum.biasRmse, sum.meanRmse);
            if (options.ranking()) {
                out.printf(Locale.ROOT, "== mean NDCG/P/R@%d: rating model %.4f/%.4f/%.4f, ranking model "
                        + "%.4f/%.4f/%.4f, popularity %.4f/%.4f/%.4f%n", k, sum.ndcg, sum.precision, sum.recall,
                        sum.rankNdcg, sum.rankPrecision, sum.rankRecall, sum.popNdcg, sum.popPrecision, sum.popRecall);
            }
        }
        out.printf(Locale.ROOT, "peak heap: %.0f MB sampled every 50 ms, %.0f MB sum of pool peaks (upper bound); "
                + "max heap %.0f MB%n", heap.sampledPeakMb(), HeapSampler.poolPeaksMb(),
                Runtime.getRuntime().maxMemory() / 1048576.0);
        StringBuilder line = new StringBuilder("summary");
        kv(line, "algorithm", algorithm.wire());
        kv(line, "model", model);
        kv(line, "splits", reports.size());
        kv(line, "rmse", sum.rmse);
        kv(line, "mae", sum.mae);
        if (options.ranking()) {
            kv(line, "ndcg@" + k, sum.ndcg);
            kv(line, "precision@" + k, sum.precision);
            kv(line, "recall@" + k, sum.recall);
            kv(line, "coverage@" + k, sum.coverage);
            kv(line, "pop_ndcg@" + k, sum.popNdcg);
            kv(line, "pop_precision@" + k, sum.popPrecision);
            kv(line, "pop_recall@" + k, sum.popRecall);
            if (ranker != null) {
                kv(line, "ranking_ndcg@" + k, sum.rankNdcg);
                kv(line, "ranking_precision@" + k, sum.rankPrecision);
                kv(line, "ranking_recall@" + k, sum.rankRecall);
                kv(line, "ranking_coverage@" + k, sum.rankCoverage);
            }
            kv(line, "bias_ndcg@" + k, sum.biasNdcg);
        } else {
            kv(line, "ndcg@" + k, "NaN");
        }
        kv(line, "bias_rmse", sum.biasRmse);
        kv(line, "bias_mae", sum.biasMae);
        kv(line, "mean_rmse", sum.meanRmse);
        kv(line, "train_rmse", sum.trainRmse);
        kv(line, "train_s", sum.trainS);
        kv(line, "s_per_iter", sum.perIt);
        if (ranker != null) {
            kv(line, "ranking_train_s", sum.rankTrainS);
        }
        if (sum.gflops > 0) {
            kv(line, "gflops", sum.gflops);
        }
        kv(line, "peak_heap_mb", Math.round(heap.sampledPeakMb()));
        out.println(line);
        return 0;
    }

    /**
     * Reads the rating files and fills {@code splits}; returns a description of the protocol. A method of its
     * own so that the full rating list is garbage once split.
     */
    private static String readSplits(Args a, long seed, List<Splits.Split> splits) {
        String protocol;
        if (a.has("train") || a.has("test")) {
            String train = a.required("train");
            String test = a.required("test");
            if (train.contains("%d")) { // numbered folds given as files, e.g. ML-100K u%d.base / u%d.test
                int folds = a.integer("folds", 5);
                for (int f = 1; f <= folds; f++) {
                    splits.add(Splits.files(Path.of(String.format(Locale.ROOT, train, f)),
                            Path.of(String.format(Locale.ROOT, test, f))));
                }
                protocol = folds + " fold files " + train + " / " + test;
            } else {
                splits.add(Splits.files(Path.of(train), Path.of(test)));
                protocol = "files " + train + " / " + test;
            }
        } else {
            Path data = Path.of(a.required("data"));
            Ratings all = RatingFile.read(data);
            if (a.has("folds")) {
                int folds = a.integer("folds", 5);
                splits.addAll(Splits.kFold(all, folds, seed));
                protocol = folds + "-fold of " + data + " seed " + seed;
            } else if (a.has("holdout")) {
                int h = a.integer("holdout", 10);
                splits.add(Splits.perUser(all, h, seed));
                protocol = h + " per user held out of " + data + " seed " + seed;
            } else {
                double f = a.number("test-fraction", 0.1);
                splits.add(Splits.random(all, f, seed));
                protocol = "random " + f + " of " + data + " seed " + seed;
            }
        }
        return protocol;
    }

    private static void kv(StringBuilder b, String key, Object value) {
        b.append(' ').append(key).append('=');
        if (value instanceof Double d) {
            b.append(String.format(Locale.ROOT, "%.4f", d));
        } else {
            b.append(value);
        }
    }

    /** Means over splits; NaN for a model that was not trained. */
    private record Summary(double rmse, double mae, double ndcg, double precision, double recall, double coverage,
                           double popNdcg, double biasNdcg, double biasRmse, double biasMae, double meanRmse,
                           double trainRmse, double trainS, double perIt, double gflops, double popPrecision,
                           double popRecall, double rankNdcg, double rankPrecision, double rankRecall,
                           double rankCoverage, double rankTrainS) {

        static Summary of(List<Evaluator.Report> rs) {
            double n = rs.size();
            double[] s = new double[22];
            for (Evaluator.Report report : rs) {
                HeldOutMetrics r = report.metrics();
                s[0] += r.rating() == null ? Double.NaN : r.rating().rmse();
                s[1] += r.rating() == null ? Double.NaN : r.rating().mae();
                RankingMetrics.Result m = r.ratingRanking();
                s[2] += m == null ? Double.NaN : m.ndcg();
                s[3] += m == null ? Double.NaN : m.precision();
                s[4] += m == null ? Double.NaN : m.recall();
                s[5] += m == null ? Double.NaN : m.coverage();
                if (r.popularity() != null) {
                    s[6] += r.popularity().ndcg();
                    s[7] += r.biasRanking().ndcg();
                    s[15] += r.popularity().precision();
                    s[16] += r.popularity().recall();
                }
                s[8] += r.biases().rmse();
                s[9] += r.biases().mae();
                s[10] += r.mean().rmse();
                s[11] += report.finalTrainingRmse();
                s[12] += report.trainSeconds();
                s[13] += report.secondsPerIteration();
                s[14] += report.gflops();
                RankingMetrics.Result q = r.rankingRanking();
                s[17] += q == null ? Double.NaN : q.ndcg();
                s[18] += q == null ? Double.NaN : q.precision();
                s[19] += q == null ? Double.NaN : q.recall();
                s[20] += q == null ? Double.NaN : q.coverage();
                s[21] += report.rankerTrainSeconds();
            }
            for (int j = 0; j < s.length; j++) {
                s[j] /= n;
            }
            return new Summary(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13],
                    s[14], s[15], s[16], s[17], s[18], s[19], s[20], s[21]);
        }
    }
}
