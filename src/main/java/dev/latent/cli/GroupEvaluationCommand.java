package dev.latent.cli;

import dev.latent.evaluation.GroupEvaluation;
import dev.latent.evaluation.RatingFile;
import dev.latent.evaluation.Splits;
import dev.latent.factorization.Algorithm;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.GroupAggregation;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code evaluate-groups} command: group lists of every aggregation against the members' own lists
 * ({@link GroupEvaluation}), on a random split of one rating file with the ranking model the service trains
 * (the ranking flags of {@code evaluate} change it). docs/evaluation.md "Group lists".
 * <pre>
 * java -jar latent.jar evaluate-groups --data ratings [--test-fraction 0.2] [--seed 42] [--sizes 2,4,8]
 *     [--groups 500] [--aggregations mean,least-misery,...] [--k 10] [--relevant 4] [ranking flags]
 * </pre>
 */
final class GroupEvaluationCommand {

    static final Set<String> VALUES = Set.of("data", "test-fraction", "seed", "sizes", "groups", "aggregations",
            "k", "relevant", "ranking-rank", "ranking-lambda", "alpha", "confidence", "shift", "ranking-iterations",
            "solver", "cg-steps", "popularity-weight", "threads");

    private GroupEvaluationCommand() {
    }

    static int run(Args a, PrintStream out) {
        Path data = Path.of(a.required("data"));
        double fraction = a.number("test-fraction", 0.2);
        long seed = a.longValue("seed", 42);
        int[] sizes = Arrays.stream(a.string("sizes", "2,4,8").split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
        List<GroupAggregation> aggregations = new ArrayList<>();
        if (a.has("aggregations")) {
            for (String name : a.required("aggregations").split(",")) {
                aggregations.add(GroupAggregation.of(name.trim()));
            }
        } else {
            aggregations.addAll(List.of(GroupAggregation.values()));
        }
        GroupEvaluation.Options o = new GroupEvaluation.Options(sizes, a.integer("groups", 500), a.integer("k", 10),
                (float) a.number("relevant", 4), seed);
        Splits.Split split = Splits.random(RatingFile.read(data), fraction, seed);
        RatingMatrix train = split.train().toMatrix();
        RatingMatrix test = split.test().toMatrix();
        out.printf(Locale.ROOT, "data %s: random %.2f held out, seed %d: train %d ratings, test %d, %d users, "
                + "%d items%n%s%n", data, fraction, seed, train.size(), test.size(), train.numUsers(), train.numItems(),
                Algorithm.IMPLICIT_ALS.config(a));
        long t0 = System.nanoTime();
        FactorModel model = Algorithm.IMPLICIT_ALS.trainer(a).train(train, TrainingListener.NONE);
        long t1 = System.nanoTime();
        List<GroupEvaluation.SizeResult> results = GroupEvaluation.run(model, train, test, aggregations, o);
        out.printf(Locale.ROOT, "ranking model trained in %.1f s, groups measured in %.1f s; %d groups a size "
                + "(seed %d), top %d, relevant: held-out rating >= %.1f, members' training items left out%n",
                (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, o.groups(), seed, o.k(), o.relevantAtLeast());
        int k = o.k();
        for (GroupEvaluation.SizeResult r : results) {
            out.printf(Locale.ROOT, "== groups of %d%n%-24s %9s %9s %9s %9s %9s %9s %9s%n", r.size(), "list",
                    "NDCG@" + k, "worst", "P@" + k, "worst", "overlap", "worst", "NDCG/own");
            row(out, "members' own lists", r.own(), r.own());
            row(out, "own, group's candidates", r.ownInGroup(), r.own());
            for (int j = 0; j < r.aggregations().size(); j++) {
                row(out, r.aggregations().get(j).wire(), r.figures().get(j), r.own());
            }
        }
        for (GroupEvaluation.SizeResult r : results) {
            for (int j = 0; j < r.aggregations().size(); j++) {
                GroupEvaluation.Figures f = r.figures().get(j);
                out.printf(Locale.ROOT, "summary size=%d aggregation=%s ndcg@%d=%.4f worst_ndcg@%d=%.4f "
                        + "precision@%d=%.4f worst_precision@%d=%.4f overlap=%.4f own_ndcg@%d=%.4f "
                        + "own_worst_ndcg@%d=%.4f own_precision@%d=%.4f own_in_group_ndcg@%d=%.4f%n", r.size(),
                        r.aggregations().get(j).wire(), k, f.ndcg(), k, f.worstNdcg(), k, f.precision(), k,
                        f.worstPrecision(), f.overlap(), k, r.own().ndcg(), k, r.own().worstNdcg(), k,
                        r.own().precision(), k, r.ownInGroup().ndcg());
            }
        }
        return 0;
    }

    private static void row(PrintStream out, String name, GroupEvaluation.Figures f, GroupEvaluation.Figures own) {
        out.printf(Locale.ROOT, "%-24s %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %9.3f%n", name, f.ndcg(), f.worstNdcg(),
                f.precision(), f.worstPrecision(), f.overlap(), f.worstOverlap(), f.ndcg() / own.ndcg());
    }
}
