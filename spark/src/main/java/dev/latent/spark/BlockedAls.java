package dev.latent.spark;

import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.AlsTrainer;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitAlsTrainer;
import dev.latent.factorization.NormalEquations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Alternating least squares over blocks of rows on Spark, with the engine's own row solves: every block of
 * users (items) is solved by {@link AlsTrainer#solveRows} or {@link ImplicitAlsTrainer#solveRows} against the
 * item (user) factors it rates, gathered from their blocks by one shuffle per pass ({@link OutLinks}). So the
 * objective is the in-process trainers' to the letter: biased ALS with weighted λ (biases solved jointly with
 * the factors, not fitted apart) and implicit ALS with the same confidence function and row solver; only the
 * random start differs (drawn per block).
 *
 * <p>All keyed RDDs share one {@link HashPartitioner} over block ids, so the joins of a pass are narrow and
 * only the factor messages move. Each pass's factors are persisted and materialised, the previous pass's
 * dropped, and the lineage is cut every {@link #CHECKPOINT_EVERY} passes.
 */
final class BlockedAls {

    private static final int CHECKPOINT_EVERY = 8;

    /** The rating blocks of both sides, and for each side's factors where they go in a pass. */
    record Sides(int numUsers, int numItems, JavaPairRDD<Integer, RatingBlock> users,
                 JavaPairRDD<Integer, RatingBlock> items, JavaPairRDD<Integer, OutLinks> itemLinks,
                 JavaPairRDD<Integer, OutLinks> userLinks, long ratings, double mean) {

        void unpersist() {
            users.unpersist(false);
            items.unpersist(false);
            itemLinks.unpersist(false);
            userLinks.unpersist(false);
        }
    }

    /** Factors of both sides. */
    record Factors(JavaPairRDD<Integer, FactorBlock> users, JavaPairRDD<Integer, FactorBlock> items) {

        void unpersist() {
            users.unpersist(false);
            items.unpersist(false);
        }
    }

    /** Told the loss after every iteration. */
    @FunctionalInterface
    interface Progress {
        void onIteration(String phase, int iteration, double loss);
    }

    private final int blocks;
    private final Partitioner partitioner;
    private int passes;

    BlockedAls(int blocks) {
        this.blocks = blocks;
        this.partitioner = new HashPartitioner(blocks);
    }

    int blocks() {
        return blocks;
    }

    Partitioner partitioner() {
        return partitioner;
    }

    /**
     * The cells grouped into rating blocks of one side: by user ({@code byUser}) or by item. Every block id
     * {@code 0..blocks)} is present, empty or not.
     */
    JavaPairRDD<Integer, RatingBlock> ratingBlocks(JavaSparkContext sc, JavaRDD<CellChunk> cells, boolean byUser,
                                                   int size) {
        int b = blocks;
        JavaPairRDD<Integer, CellChunk> pieces = cells.flatMapToPair(c -> {
            int[] count = new int[b];
            int[] rows = byUser ? c.users() : c.items();
            int[] cols = byUser ? c.items() : c.users();
            for (int e = 0; e < c.size(); e++) {
                count[rows[e] % b]++;
            }
            int[][] r = new int[b][];
            int[][] o = new int[b][];
            float[][] v = new float[b][];
            boolean[][] h = new boolean[b][];
            for (int j = 0; j < b; j++) {
                r[j] = new int[count[j]];
                o[j] = new int[count[j]];
                v[j] = new float[count[j]];
                h[j] = new boolean[count[j]];
            }
            int[] fill = new int[b];
            for (int e = 0; e < c.size(); e++) {
                int j = rows[e] % b;
                int p = fill[j]++;
                r[j][p] = rows[e] / b;
                o[j][p] = cols[e];
                v[j][p] = c.ratings()[e];
                h[j][p] = c.heldOut() != null && c.heldOut()[e];
            }
            List<Tuple2<Integer, CellChunk>> out = new ArrayList<>();
            for (int j = 0; j < b; j++) {
                if (count[j] > 0) {
                    out.add(new Tuple2<>(j, new CellChunk(r[j], o[j], v[j], h[j], count[j], 0)));
                }
            }
            return out.iterator();
        });
        List<Tuple2<Integer, Integer>> ids = new ArrayList<>();
        for (int j = 0; j < b; j++) {
            ids.add(new Tuple2<>(j, j));
        }
        return sc.parallelizePairs(ids).partitionBy(partitioner).leftOuterJoin(pieces.groupByKey(partitioner))
                .mapValues(v -> {
                    int block = v._1();
                    int n = 0;
                    if (v._2().isPresent()) {
                        for (CellChunk c : v._2().get()) {
                            n += c.size();
                        }
                    }
                    int[] rows = new int[n];
                    int[] cols = new int[n];
                    float[] vals = new float[n];
                    boolean[] held = new boolean[n];
                    int at = 0;
                    if (v._2().isPresent()) {
                        for (CellChunk c : v._2().get()) {
                            System.arraycopy(c.users(), 0, rows, at, c.size());
                            System.arraycopy(c.items(), 0, cols, at, c.size());
                            System.arraycopy(c.ratings(), 0, vals, at, c.size());
                            System.arraycopy(c.heldOut(), 0, held, at, c.size());
                            at += c.size();
                        }
                    }
                    return RatingBlock.of(block, RatingBlock.rowsOf(block, b, size), rows, cols, vals, held, n);
                });
    }

    /** Out-links and persistence for both sides' rating blocks. */
    Sides sides(int numUsers, int numItems, JavaPairRDD<Integer, RatingBlock> users,
                JavaPairRDD<Integer, RatingBlock> items) {
        users.persist(StorageLevel.MEMORY_AND_DISK());
        items.persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Integer, OutLinks> itemLinks = outLinks(users).persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Integer, OutLinks> userLinks = outLinks(items).persist(StorageLevel.MEMORY_AND_DISK());
        double[] countSum = users.values().map(b -> {
            double s = 0;
            for (float v : b.values()) {
                s += v;
            }
            return new double[] {b.size(), s};
        }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        itemLinks.count();
        userLinks.count();
        long n = (long) countSum[0];
        return new Sides(numUsers, numItems, users, items, itemLinks, userLinks, n, n == 0 ? 0 : countSum[1] / n);
    }

    /** Biased ALS with weighted λ: user pass, then item pass, {@code iterations} times. */
    Factors explicit(Sides s, AlsConfig c, Factors warm, String phase, Progress progress) {
        int k = c.rank();
        float mu = c.biases() ? (float) s.mean() : 0f;
        long seed = c.seed();
        double std = c.initStd();
        JavaPairRDD<Integer, FactorBlock> q = warm != null ? warm.items()
                : materialise(s.items().mapValues(b -> FactorBlock.gaussian(b.block(), b.rows(), k, std, seed)));
        JavaPairRDD<Integer, FactorBlock> p = warm != null ? warm.users() : null;
        for (int it = 1; it <= c.iterations(); it++) {
            JavaPairRDD<Integer, FactorBlock> pNew = materialise(
                    explicitPass(s.users(), inbox(q, s.itemLinks(), k), c, mu, blocks, false));
            drop(p, warm == null ? null : warm.users());
            p = pNew;
            JavaPairRDD<Integer, FactorBlock> qNew = materialise(
                    explicitPass(s.items(), inbox(p, s.userLinks(), k), c, mu, blocks, true));
            drop(q, warm == null ? null : warm.items());
            q = qNew;
            double sse = q.values().map(FactorBlock::loss).reduce(Double::sum);
            progress.onIteration(phase, it, s.ratings() == 0 ? 0 : Math.sqrt(sse / s.ratings()));
        }
        return new Factors(p, q);
    }

    /** Implicit ALS: item sweep, then user sweep, {@code iterations} times. */
    Factors implicit(Sides s, ImplicitAlsConfig c, Factors warm, String phase, Progress progress) {
        int k = c.rank();
        long seed = c.seed();
        JavaPairRDD<Integer, FactorBlock> x = warm != null ? warm.users()
                : materialise(s.users().mapValues(b -> FactorBlock.uniform(b.block(), b.rows(), k, seed)));
        JavaPairRDD<Integer, FactorBlock> y = warm != null ? warm.items()
                : materialise(s.items().mapValues(b -> FactorBlock.uniform(b.block(), b.rows(), k,
                        seed ^ 0x9E3779B97F4A7C15L)));
        double cells = Math.max(1.0, (double) s.numUsers() * s.numItems());
        for (int it = 1; it <= c.iterations(); it++) {
            double[] gx = gram(x, k);
            JavaPairRDD<Integer, FactorBlock> yNew = materialise(
                    implicitPass(s.items(), y, inbox(x, s.userLinks(), k), c, gx, blocks, false));
            drop(y, warm == null ? null : warm.items());
            y = yNew;
            double[] gy = gram(y, k);
            JavaPairRDD<Integer, FactorBlock> xNew = materialise(
                    implicitPass(s.users(), x, inbox(y, s.itemLinks(), k), c, gy, blocks, true));
            drop(x, warm == null ? null : warm.users());
            x = xNew;
            double[] lossNorm = x.values().map(b -> new double[] {b.loss(), b.squaredNorm()})
                    .reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
            double yNorm = y.values().map(FactorBlock::squaredNorm).reduce(Double::sum);
            double loss = lossNorm[0] + c.lambda() * (lossNorm[1] + yNorm);
            progress.onIteration(phase, it, Math.sqrt(loss / cells));
        }
        return new Factors(x, y);
    }

    /** Unpersists {@code rdd} unless it is {@code keep} (the caller's warm start). */
    private static void drop(JavaPairRDD<Integer, FactorBlock> rdd, JavaPairRDD<Integer, FactorBlock> keep) {
        if (rdd != null && rdd != keep) {
            rdd.unpersist(false);
        }
    }

    private JavaPairRDD<Integer, FactorBlock> materialise(JavaPairRDD<Integer, FactorBlock> rdd) {
        rdd.persist(StorageLevel.MEMORY_AND_DISK());
        if (++passes % CHECKPOINT_EVERY == 0) {
            rdd.rdd().localCheckpoint(); // cuts the lineage that grows by a join and a shuffle each pass
        }
        rdd.count();
        return rdd;
    }

    /** YᵀY of one side's factors, summed over its blocks. */
    private static double[] gram(JavaPairRDD<Integer, FactorBlock> f, int k) {
        return f.values().map(b -> NormalEquations.gram(b.factors(), b.rows(), k)).reduce((a, b) -> {
            double[] s = a.clone();
            for (int e = 0; e < s.length; e++) {
                s[e] += b[e];
            }
            return s;
        });
    }

    /** For each block of the side whose factors are fixed: which local rows each block of the other side rates. */
    private JavaPairRDD<Integer, OutLinks> outLinks(JavaPairRDD<Integer, RatingBlock> needers) {
        int b = blocks;
        return needers.flatMapToPair(t -> {
            int target = t._1();
            int[] needed = t._2().needed();
            int[] count = new int[b];
            for (int g : needed) {
                count[g % b]++;
            }
            int[][] locals = new int[b][];
            for (int j = 0; j < b; j++) {
                locals[j] = new int[count[j]];
            }
            int[] fill = new int[b];
            for (int g : needed) { // needed is ascending, so each local list is too
                int j = g % b;
                locals[j][fill[j]++] = g / b;
            }
            List<Tuple2<Integer, Tuple2<Integer, int[]>>> out = new ArrayList<>();
            for (int j = 0; j < b; j++) {
                if (count[j] > 0) {
                    out.add(new Tuple2<>(j, new Tuple2<>(target, locals[j])));
                }
            }
            return out.iterator();
        }).groupByKey(partitioner).mapValues(links -> {
            List<Tuple2<Integer, int[]>> list = new ArrayList<>();
            links.forEach(list::add);
            int[] targets = new int[list.size()];
            int[][] locals = new int[list.size()][];
            for (int t = 0; t < list.size(); t++) {
                targets[t] = list.get(t)._1();
                locals[t] = list.get(t)._2();
            }
            return new OutLinks(targets, locals);
        });
    }

    /** The factor messages each block of the other side receives from {@code fixed} in one pass. */
    private JavaPairRDD<Integer, Iterable<FactorMessage>> inbox(JavaPairRDD<Integer, FactorBlock> fixed,
                                                                JavaPairRDD<Integer, OutLinks> links, int k) {
        return fixed.join(links).flatMapToPair(t -> {
            int source = t._1();
            FactorBlock f = t._2()._1();
            OutLinks o = t._2()._2();
            List<Tuple2<Integer, FactorMessage>> out = new ArrayList<>(o.targets().length);
            for (int m = 0; m < o.targets().length; m++) {
                int[] locals = o.locals()[m];
                float[] factors = new float[locals.length * k];
                float[] bias = f.bias() == null ? null : new float[locals.length];
                for (int r = 0; r < locals.length; r++) {
                    System.arraycopy(f.factors(), locals[r] * k, factors, r * k, k);
                    if (bias != null) {
                        bias[r] = f.bias()[locals[r]];
                    }
                }
                out.add(new Tuple2<>(o.targets()[m], new FactorMessage(source, locals, factors, bias)));
            }
            return out.iterator();
        }).groupByKey(partitioner);
    }

    private static JavaPairRDD<Integer, FactorBlock> explicitPass(JavaPairRDD<Integer, RatingBlock> target,
                                                                  JavaPairRDD<Integer, Iterable<FactorMessage>> inbox,
                                                                  AlsConfig c, float mu, int blocks, boolean sse) {
        return target.leftOuterJoin(inbox).mapValues(v -> {
            RatingBlock rb = v._1();
            int k = c.rank();
            float[] fixed = new float[rb.needed().length * k];
            float[] fixedBias = new float[rb.needed().length];
            gather(rb, v._2(), blocks, k, fixed, fixedBias);
            float[] out = new float[rb.rows() * k];
            float[] outBias = new float[rb.rows()];
            double loss = AlsTrainer.solveRows(c, 0, rb.rows(), rb.ptr(), rb.cols(), rb.values(), fixed, fixedBias,
                    mu, out, outBias, sse);
            return new FactorBlock(rb.block(), rb.rows(), out, outBias, loss);
        });
    }

    private static JavaPairRDD<Integer, FactorBlock> implicitPass(JavaPairRDD<Integer, RatingBlock> target,
                                                                  JavaPairRDD<Integer, FactorBlock> previous,
                                                                  JavaPairRDD<Integer, Iterable<FactorMessage>> inbox,
                                                                  ImplicitAlsConfig c, double[] gram, int blocks,
                                                                  boolean withLoss) {
        return target.join(previous).leftOuterJoin(inbox).mapValues(v -> {
            RatingBlock rb = v._1()._1();
            int k = c.rank();
            float[] fixed = new float[rb.needed().length * k];
            gather(rb, v._2(), blocks, k, fixed, null);
            float[] out = v._1()._2().factors().clone(); // the conjugate-gradient solver starts from them
            double loss = ImplicitAlsTrainer.solveRows(c, gram, fixed, out, 0, rb.rows(), rb.ptr(), rb.cols(),
                    rb.values(), withLoss);
            return new FactorBlock(rb.block(), rb.rows(), out, null, loss);
        });
    }

    /** Copies the received factors into the block's compact fixed arrays, in the order of {@code needed}. */
    private static void gather(RatingBlock rb, Optional<Iterable<FactorMessage>> inbox, int blocks, int k,
                               float[] fixed, float[] fixedBias) {
        if (!inbox.isPresent()) {
            return;
        }
        int[] needed = rb.needed();
        for (FactorMessage m : inbox.get()) {
            int[] locals = m.locals();
            for (int r = 0; r < locals.length; r++) {
                int pos = Arrays.binarySearch(needed, locals[r] * blocks + m.source());
                System.arraycopy(m.factors(), r * k, fixed, pos * k, k);
                if (fixedBias != null && m.bias() != null) {
                    fixedBias[pos] = m.bias()[r];
                }
            }
        }
    }
}
