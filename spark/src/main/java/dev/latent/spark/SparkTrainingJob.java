package dev.latent.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitAlsTrainer;
import dev.latent.factorization.Popularity;
import dev.latent.model.FeedMark;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.IdIndex;
import dev.latent.model.ModelCodec;
import dev.latent.model.ModelInfo;
import dev.latent.model.RatedItems;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Trains the service's two models on Spark and writes them into its store as the next model version: what
 * {@code TrainingPipeline} does in-process, for data past one machine. Read the ratings (store or export),
 * hold out a seeded share, fit the rating model (biased ALS, weighted λ) and the ranking model (implicit
 * ALS) on the rest, measure both on the held-out share (RMSE, MAE, NDCG@10 of both models and of
 * popularity), refit both on every rating warm-started from the fit, and store the result with its
 * popularity, rated items and fold-in recipe, and with the store's change-feed mark read before the ratings
 * (none for an export), so that serving instances know which writes the model reflects. Run it with
 * {@code spark-submit} (docs/spark.md).
 */
public final class SparkTrainingJob {

    private static final Logger log = LoggerFactory.getLogger(SparkTrainingJob.class);
    /** Pseudo-ratings at the global mean in each item's damped mean: the service's value. */
    private static final float POPULARITY_DAMPING = 10f;

    /**
     * What a run did.
     *
     * @param version the stored model version (0 when not written)
     * @param metrics held-out metrics by the service's names (empty when nothing was held out)
     * @param millis  wall time of each phase
     * @param feedSeq the highest change-feed row of the mark stored with the model (null: no mark, an export)
     */
    public record Result(long version, long ratings, int users, int items, long heldOut, int blocks,
                         Map<String, Double> metrics, Map<String, Long> millis, Long feedSeq) {
    }

    private SparkTrainingJob() {
    }

    public static void main(String[] args) throws IOException {
        JobOptions options;
        try {
            options = JobOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SparkConf conf = new SparkConf().setAppName("latent-training");
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // java -jar without spark-submit: this machine's cores
        }
        Result result;
        try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
            result = run(spark, options);
        } catch (IllegalArgumentException e) {
            System.err.println("latent-spark: " + e.getMessage());
            System.exit(2);
            return;
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        System.out.println(json);
        if (options.report() != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(new File(options.report()), result);
        }
    }

    /** One run on {@code spark}. */
    public static Result run(SparkSession spark, JobOptions o) {
        return run(spark, o, () -> { });
    }

    /**
     * One run on {@code spark}; {@code beforeWrite} runs after the ratings were read and the models trained,
     * just before the model is written (tests write to the store there: changes after the job's snapshot).
     */
    static Result run(SparkSession spark, JobOptions o, Runnable beforeWrite) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, Long> millis = new LinkedHashMap<>();
        long t = System.nanoTime();
        // Read from the store, the model excludes every delete committed before its read began: the tombstones
        // older than that by the window may go when it is written (TombstonePruning). An export: none may.
        Instant snapshotStart = o.input() != null ? null : Instant.now();
        RatingSource.Loaded in = o.input() != null ? RatingSource.fromFile(spark, o) : RatingSource.fromStore(spark, o);
        int nu = in.userIds().length;
        int ni = in.itemIds().length;
        t = lap(millis, "read", t);
        int blocks = o.blocks() > 0 ? o.blocks() : sc.defaultParallelism();
        BlockedAls als = new BlockedAls(blocks);
        BlockedAls.Sides all = als.sides(nu, ni, als.ratingBlocks(sc, in.cells(), true, nu),
                als.ratingBlocks(sc, in.cells(), false, ni));
        in.cells().unpersist(false);
        t = lap(millis, "blocks", t);
        log.info("{} ratings, {} users, {} items in {} blocks per side", all.ratings(), nu, ni, blocks);

        BlockedAls.Progress progress = (phase, it, loss) -> log.info("{} iteration {}: loss {}", phase, it, loss);
        boolean measure = o.holdout() > 0 && all.ratings() >= 20;
        Map<String, Double> metrics = new LinkedHashMap<>();
        long heldOut = 0;
        BlockedAls.Factors rating;
        BlockedAls.Factors ranking = null;
        double servedMean = all.mean(); // μ of the ratings the served rating model was fitted on
        if (measure) {
            BlockedAls.Sides train = als.sides(nu, ni, all.users().mapValues(RatingBlock::trainOnly),
                    all.items().mapValues(RatingBlock::trainOnly));
            heldOut = all.ratings() - train.ratings();
            BlockedAls.Factors ratingFit = als.explicit(train, o.rating(false), null, "rating-fit", progress);
            BlockedAls.Factors rankingFit = o.ranking()
                    ? als.implicit(train, o.rankingConfig(false), null, "ranking-fit", progress) : null;
            t = lap(millis, "fit", t);
            float[] trainCounts = toFloat(counts(train.items(), ni, blocks));
            float[][] q = collect(ratingFit.items(), ni, o.rank(), blocks);
            float[][] y = rankingFit != null ? collect(rankingFit.items(), ni, o.rankingRank(), blocks) : null;
            Broadcast<HeldOutEvaluation.ItemSide> side = sc.broadcast(new HeldOutEvaluation.ItemSide(ni,
                    (float) train.mean(), o.rank(), q[0], q[1], o.rankingRank(), y == null ? null : y[0],
                    y == null ? null : rankingBias(o, trainCounts), trainCounts));
            HeldOutEvaluation.Sums s = HeldOutEvaluation.evaluate(all.users(), ratingFit.users(),
                    rankingFit == null ? null : rankingFit.users(), side, o.min(), o.max(), o.relevantAtLeast());
            side.destroy();
            metrics.put("heldOutRmse", s.rmse());
            metrics.put("heldOutMae", s.mae());
            metrics.put("ndcg@10", s.meanNdcg());
            metrics.put("ratingModelNdcg@10", s.meanRatingNdcg());
            metrics.put("popularityNdcg@10", s.meanPopularityNdcg());
            log.info("held out {} ratings: {}", heldOut, metrics);
            t = lap(millis, "evaluate", t);
            if (o.refitIterations() == 0) { // serve the measured fit
                servedMean = train.mean();
                rating = ratingFit;
                ranking = rankingFit;
            } else {
                rating = als.explicit(all, o.rating(true), ratingFit, "rating-refit", progress);
                ratingFit.unpersist();
                if (rankingFit != null) {
                    ranking = als.implicit(all, o.rankingConfig(true), rankingFit, "ranking-refit", progress);
                    rankingFit.unpersist();
                }
                t = lap(millis, "refit", t);
            }
            train.unpersist();
        } else {
            rating = als.explicit(all, o.rating(false), null, "rating-fit", progress);
            if (o.ranking()) {
                ranking = als.implicit(all, o.rankingConfig(false), null, "ranking-fit", progress);
            }
            t = lap(millis, "fit", t);
        }

        ModelCodec.Arrays model = assemble(o, all, servedMean, rating, ranking, in, blocks);
        rating.unpersist();
        if (ranking != null) {
            ranking.unpersist();
        }
        all.unpersist();
        t = lap(millis, "assemble", t);
        long version = 0;
        if (o.write()) {
            beforeWrite.run();
            ModelInfo info = new ModelInfo("als", o.rank(), o.parameters(blocks), nu, ni, all.ratings(), metrics);
            try {
                version = ModelWriter.write(o.store(), o.jdbcProperties(), model,
                        new ObjectMapper().writeValueAsString(info), in.fingerprint(), in.mark(), Instant.now(),
                        snapshotStart);
            } catch (IOException e) {
                throw new IllegalStateException("the model description could not be written as JSON", e);
            }
            lap(millis, "write", t);
            log.info("stored model version {} in {} (change-feed mark {})", version, o.storeForLog(),
                    in.mark() == FeedMark.NONE ? "none: read from an export" : "row " + in.mark().seq()
                            + (in.mark().holes().length > 0 ? ", " + in.mark().holes().length + " holes" : ""));
        }
        return new Result(version, all.ratings(), nu, ni, heldOut, blocks, metrics, millis,
                in.mark() == FeedMark.NONE ? null : in.mark().seq());
    }

    private static long lap(Map<String, Long> millis, String phase, long since) {
        long now = System.nanoTime();
        millis.put(phase, (now - since) / 1_000_000);
        return now;
    }

    /** Both models over the global index space, with the popularity, rated items and fold-in recipe. */
    private static ModelCodec.Arrays assemble(JobOptions o, BlockedAls.Sides all, double mean,
                                              BlockedAls.Factors rating,
                                              BlockedAls.Factors ranking, RatingSource.Loaded in, int blocks) {
        int nu = all.numUsers();
        int ni = all.numItems();
        float[][] p = collect(rating.users(), nu, o.rank(), blocks);
        float[][] q = collect(rating.items(), ni, o.rank(), blocks);
        FactorModel ratingModel = new FactorModel(o.rank(), nu, ni, (float) mean, p[1], q[1], p[0], q[0]);
        int[] counts = counts(all.items(), ni, blocks);
        FactorModel rankingModel = ratingModel;
        if (ranking != null) {
            float[][] x = collect(ranking.users(), nu, o.rankingRank(), blocks);
            float[][] y = collect(ranking.items(), ni, o.rankingRank(), blocks);
            rankingModel = new FactorModel(o.rankingRank(), nu, ni, 0f, new float[nu], rankingBias(o, toFloat(counts)),
                    x[0], y[0]);
        }
        double[] sums = itemSums(all.items(), ni, blocks);
        float[] means = new float[ni];
        for (int i = 0; i < ni; i++) {
            means[i] = Popularity.dampedMean(sums[i], counts[i], all.mean(), POPULARITY_DAMPING);
        }
        FoldInRecipe recipe = new FoldInRecipe(FoldInRecipe.RatingSolve.of(o.rating(false)),
                ranking != null ? FoldInRecipe.RankingSolve.of(o.rankingConfig(false)) : null);
        return new ModelCodec.Arrays(ratingModel, rankingModel, IdIndex.of(Arrays.asList(in.userIds())),
                IdIndex.of(Arrays.asList(in.itemIds())), Popularity.of(counts, means), rated(all.users(), nu, blocks),
                recipe);
    }

    private static float[] rankingBias(JobOptions o, float[] counts) {
        float[] bias = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            bias[i] = ImplicitAlsTrainer.popularityBias(o.rankingConfig(false), (int) counts[i]);
        }
        return bias;
    }

    private static float[] toFloat(int[] a) {
        float[] f = new float[a.length];
        for (int e = 0; e < a.length; e++) {
            f[e] = a[e];
        }
        return f;
    }

    /** {factors, bias} of one side over global rows, streamed to the driver a block at a time. */
    private static float[][] collect(JavaPairRDD<Integer, FactorBlock> f, int size, int k, int blocks) {
        float[] factors = new float[size * k];
        float[] bias = new float[size];
        for (Iterator<FactorBlock> it = f.values().toLocalIterator(); it.hasNext(); ) {
            FactorBlock b = it.next();
            for (int r = 0; r < b.rows(); r++) {
                int g = r * blocks + b.block();
                System.arraycopy(b.factors(), r * k, factors, g * k, k);
                if (b.bias() != null) {
                    bias[g] = b.bias()[r];
                }
            }
        }
        return new float[][] {factors, bias};
    }

    /** Ratings per global row of one side. */
    private static int[] counts(JavaPairRDD<Integer, RatingBlock> side, int size, int blocks) {
        int[] counts = new int[size];
        List<Tuple2<Integer, int[]>> perBlock = side.mapValues(b -> {
            int[] c = new int[b.rows()];
            for (int r = 0; r < b.rows(); r++) {
                c[r] = b.ptr()[r + 1] - b.ptr()[r];
            }
            return c;
        }).collect();
        for (Tuple2<Integer, int[]> t : perBlock) {
            for (int r = 0; r < t._2().length; r++) {
                counts[r * blocks + t._1()] = t._2()[r];
            }
        }
        return counts;
    }

    /** Sum of the ratings per global item. */
    private static double[] itemSums(JavaPairRDD<Integer, RatingBlock> items, int size, int blocks) {
        double[] sums = new double[size];
        for (Tuple2<Integer, double[]> t : items.mapValues(b -> {
            double[] s = new double[b.rows()];
            for (int r = 0; r < b.rows(); r++) {
                for (int e = b.ptr()[r]; e < b.ptr()[r + 1]; e++) {
                    s[r] += b.values()[e];
                }
            }
            return s;
        }).collect()) {
            for (int r = 0; r < t._2().length; r++) {
                sums[r * blocks + t._1()] = t._2()[r];
            }
        }
        return sums;
    }

    /**
     * The items each user rated, ascending, as compressed rows over global users, with their ratings (so the
     * service explains the model's users without reading the store).
     */
    private static RatedItems rated(JavaPairRDD<Integer, RatingBlock> users, int nu, int blocks) {
        int[] counts = counts(users, nu, blocks);
        int[] ptr = new int[nu + 1];
        for (int u = 0; u < nu; u++) {
            ptr[u + 1] = ptr[u] + counts[u];
        }
        int[] items = new int[ptr[nu]];
        float[] values = new float[ptr[nu]];
        for (Iterator<Tuple2<Integer, Tuple2<int[][], float[][]>>> it = users.mapValues(b -> {
            int[][] rows = new int[b.rows()][];
            float[][] rowValues = new float[b.rows()][];
            for (int r = 0; r < b.rows(); r++) {
                rows[r] = new int[b.ptr()[r + 1] - b.ptr()[r]];
                rowValues[r] = Arrays.copyOfRange(b.values(), b.ptr()[r], b.ptr()[r + 1]);
                for (int e = b.ptr()[r]; e < b.ptr()[r + 1]; e++) {
                    rows[r][e - b.ptr()[r]] = b.global(e);
                }
            }
            return new Tuple2<>(rows, rowValues);
        }).toLocalIterator(); it.hasNext(); ) {
            Tuple2<Integer, Tuple2<int[][], float[][]>> t = it.next();
            int[][] rows = t._2()._1();
            for (int r = 0; r < rows.length; r++) {
                int u = r * blocks + t._1();
                System.arraycopy(rows[r], 0, items, ptr[u], rows[r].length);
                System.arraycopy(t._2()._2()[r], 0, values, ptr[u], rows[r].length);
            }
        }
        return new RatedItems(ptr, items, values);
    }
}
