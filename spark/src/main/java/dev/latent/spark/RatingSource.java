package dev.latent.spark;

import dev.latent.model.FeedMark;
import dev.latent.ratings.RatingScan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads the ratings into dense-indexed {@link CellChunk}s, decides the held-out share ({@link Holdout}) and
 * names every dense index by its client id.
 * <ul>
 *   <li>From the store: Spark's JDBC source over {@code ratings}, partitioned by ranges of {@code user_key}
 *       (the leading column of the primary key, so each partition is one index range scan); dense indices in
 *       key order of the keys that have ratings, as the in-process snapshot assigns them; ids from
 *       {@code users}/{@code items}. Each partition is its own query: a rating accepted while the job reads
 *       may or may not be in this model; it is in the next. Before any of it, the store's change-feed mark
 *       ({@link FeedMark#read}, the service's own code): every change it covers committed before the first
 *       rating was read, so it is in the model; every other change counts as newer than the model wherever
 *       the model is served.</li>
 *   <li>From an export (CSV with a header, or Parquet): columns {@code user}, {@code item}, {@code rating}
 *       and optionally {@code ts}; or tab-separated {@code user item rating ts} without a header (the
 *       {@code u.data} layout); dense indices in id order. No mark ({@link FeedMark#NONE}): nothing relates
 *       an export to the store's changes.</li>
 * </ul>
 */
final class RatingSource {

    private static final int CHUNK = 1 << 18;
    private static final int FETCH_SIZE = 10_000;

    /**
     * What was read: the cells (persisted), the ids of dense users and items, and the fingerprint of the
     * ratings (count, sum, newest timestamp, the service's form), and the change-feed mark read before them.
     */
    record Loaded(JavaRDD<CellChunk> cells, String[] userIds, String[] itemIds, long ratings, String fingerprint,
                  FeedMark mark) {
    }

    private RatingSource() {
    }

    static Loaded fromStore(SparkSession spark, JobOptions o) {
        FeedMark mark = feedMark(o); // before any rating is read
        long[] bounds = storeBounds(o);
        if (bounds[3] == 0) {
            throw new IllegalArgumentException("the store has no ratings to train on");
        }
        Properties props = o.jdbcProperties();
        props.setProperty("fetchsize", Integer.toString(FETCH_SIZE));
        Dataset<Row> rows = spark.read().jdbc(o.store(), "ratings", "user_key", bounds[0], bounds[1] + 1,
                o.readPartitions(), props).select("user_key", "item_key", "rating", "ts");
        // REAL arrives as a float from PostgreSQL and as a double from H2.
        JavaRDD<CellChunk> keyed = rows.javaRDD().mapPartitions(chunked(r -> r.getInt(0), r -> r.getInt(1),
                r -> ((Number) r.get(2)).floatValue(), r -> r.getLong(3))).persist(StorageLevel.MEMORY_AND_DISK());
        int boundUser = (int) bounds[1];
        int boundItem = (int) bounds[2];
        KeySummary s = keyed.map(c -> KeySummary.of(c, boundUser, boundItem)).reduce(KeySummary::merge);
        // the JDBC source's last partition is open-ended: a user or item that came after the bounds is read too
        int maxUser = Math.max(boundUser, s.users().length() - 1);
        int maxItem = Math.max(boundItem, s.items().length() - 1);
        int[] userDense = dense(s.users(), maxUser);
        int[] itemDense = dense(s.items(), maxItem);
        String[] userIds = ids(o, true, userDense, s.users().cardinality());
        String[] itemIds = ids(o, false, itemDense, s.items().cardinality());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<int[]> ud = sc.broadcast(userDense);
        Broadcast<int[]> id = sc.broadcast(itemDense);
        long seed = o.seed();
        double fraction = o.holdout();
        JavaRDD<CellChunk> cells = keyed.map(c -> {
            int[] u = new int[c.size()];
            int[] i = new int[c.size()];
            boolean[] held = new boolean[c.size()];
            for (int e = 0; e < c.size(); e++) {
                u[e] = ud.value()[c.users()[e]];
                i[e] = id.value()[c.items()[e]];
                held[e] = Holdout.isHeldOut(u[e], i[e], seed, fraction);
            }
            return new CellChunk(u, i, Arrays.copyOf(c.ratings(), c.size()), held, c.size(), c.maxTs());
        }).persist(StorageLevel.MEMORY_AND_DISK());
        cells.count();
        keyed.unpersist(false);
        ud.unpersist(false);
        id.unpersist(false);
        return new Loaded(cells, userIds, itemIds, s.count(), fingerprint(s.count(), s.sum(), s.maxTs()), mark);
    }

    static Loaded fromFile(SparkSession spark, JobOptions o) {
        Dataset<Row> raw = switch (o.format()) {
            case "parquet" -> spark.read().parquet(o.input());
            // MovieLens u.data layout, what the service's import and the CLI's generate read and write
            case "tsv" -> spark.read().option("sep", "\t").schema("user STRING, item STRING, rating FLOAT, ts LONG")
                    .csv(o.input());
            default -> spark.read().option("header", "true").csv(o.input());
        };
        List<String> columns = Arrays.asList(raw.columns());
        for (String c : List.of("user", "item", "rating")) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException(o.input() + " has no column '" + c + "' (columns: " + columns
                        + "; expected user, item, rating and optionally ts)");
            }
        }
        boolean hasTs = columns.contains("ts");
        Dataset<Row> rows = raw.select(functions.col("user").cast("string"), functions.col("item").cast("string"),
                functions.col("rating").cast("float"),
                hasTs ? functions.col("ts").cast("long") : functions.lit(0L).as("ts"));
        float min = o.min();
        float max = o.max();
        Dataset<Row> bad = rows.filter(functions.col("user").isNull().or(functions.col("item").isNull())
                .or(functions.col("rating").isNull()).or(functions.col("rating").lt(min))
                .or(functions.col("rating").gt(max)));
        Row firstBad = bad.limit(1).collectAsList().stream().findFirst().orElse(null);
        if (firstBad != null) {
            throw new IllegalArgumentException(o.input() + ": " + bad.count() + " rows lack a user, an item or a "
                    + "rating in [" + min + ", " + max + "], e.g. " + firstBad);
        }
        String[] userIds = sortedDistinct(rows, "user");
        String[] itemIds = sortedDistinct(rows, "item");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<String[]> users = sc.broadcast(userIds);
        Broadcast<String[]> items = sc.broadcast(itemIds);
        long seed = o.seed();
        double fraction = o.holdout();
        JavaRDD<CellChunk> cells = rows.javaRDD().mapPartitions(chunked(
                r -> Arrays.binarySearch(users.value(), r.getString(0)),
                r -> Arrays.binarySearch(items.value(), r.getString(1)), r -> r.getFloat(2), r -> r.getLong(3)))
                .map(c -> {
                    boolean[] held = new boolean[c.size()];
                    for (int e = 0; e < c.size(); e++) {
                        held[e] = Holdout.isHeldOut(c.users()[e], c.items()[e], seed, fraction);
                    }
                    return new CellChunk(c.users(), c.items(), c.ratings(), held, c.size(), c.maxTs());
                }).persist(StorageLevel.MEMORY_AND_DISK());
        double[] agg = cells.map(c -> {
            double s = 0;
            for (int e = 0; e < c.size(); e++) {
                s += c.ratings()[e];
            }
            return new double[] {c.size(), s, c.maxTs()};
        }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1], Math.max(a[2], b[2])});
        long n = (long) agg[0];
        return new Loaded(cells, userIds, itemIds, n, fingerprint(n, agg[1], (long) agg[2]), FeedMark.NONE);
    }

    /** The service's fingerprint of a ratings set ({@link RatingScan#fingerprint}). */
    static String fingerprint(long count, double sum, long maxTs) {
        return RatingScan.fingerprint(count, sum, maxTs);
    }

    private interface IntColumn extends java.io.Serializable {
        int get(Row r);
    }

    private interface FloatColumn extends java.io.Serializable {
        float get(Row r);
    }

    private interface LongColumn extends java.io.Serializable {
        long get(Row r);
    }

    /** Packs a partition's rows into chunks of at most {@link #CHUNK} ratings. */
    private static FlatMapFunction<Iterator<Row>, CellChunk> chunked(IntColumn user, IntColumn item,
                                                                     FloatColumn rating, LongColumn ts) {
        return rows -> {
            List<CellChunk> out = new ArrayList<>();
            while (rows.hasNext()) {
                int[] u = new int[CHUNK];
                int[] i = new int[CHUNK];
                float[] r = new float[CHUNK];
                long maxTs = 0;
                int n = 0;
                while (n < CHUNK && rows.hasNext()) {
                    Row row = rows.next();
                    u[n] = user.get(row);
                    i[n] = item.get(row);
                    r[n] = rating.get(row);
                    maxTs = Math.max(maxTs, ts.get(row));
                    n++;
                }
                out.add(new CellChunk(Arrays.copyOf(u, n), Arrays.copyOf(i, n), Arrays.copyOf(r, n), null, n,
                        maxTs));
            }
            return out.iterator();
        };
    }

    /** Which store keys have ratings, and the fingerprint's aggregates. */
    record KeySummary(BitSet users, BitSet items, long count, double sum, long maxTs)
            implements java.io.Serializable {

        static KeySummary of(CellChunk c, int maxUser, int maxItem) {
            BitSet u = new BitSet(maxUser + 1);
            BitSet i = new BitSet(maxItem + 1);
            double s = 0;
            for (int e = 0; e < c.size(); e++) {
                u.set(c.users()[e]);
                i.set(c.items()[e]);
                s += c.ratings()[e];
            }
            return new KeySummary(u, i, c.size(), s, c.maxTs());
        }

        KeySummary merge(KeySummary o) {
            BitSet u = (BitSet) users.clone();
            u.or(o.users);
            BitSet i = (BitSet) items.clone();
            i.or(o.items);
            return new KeySummary(u, i, count + o.count, sum + o.sum, Math.max(maxTs, o.maxTs));
        }
    }

    /**
     * The store's change-feed mark, as the service's snapshot takes it ({@link FeedMark#read}, in a read-only
     * repeatable-read transaction of its own).
     */
    static FeedMark feedMark(JobOptions o) {
        try (Connection c = DriverManager.getConnection(o.store(), o.jdbcProperties())) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return FeedMark.read(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the change-feed mark from " + o.storeForLog() + " failed (a "
                    + "store migrated by this version of the service has table change_feed): " + e.getMessage(), e);
        }
    }

    /** MIN(user_key), MAX(user_key), MAX(item_key), COUNT(*) of the store's ratings. */
    private static long[] storeBounds(JobOptions o) {
        try (Connection c = DriverManager.getConnection(o.store(), o.jdbcProperties());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT MIN(user_key), MAX(user_key), MAX(item_key), COUNT(*) FROM ratings");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        } catch (SQLException e) {
            throw new IllegalStateException("reading the ratings' key range from " + o.storeForLog() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Dense index of each key that occurs, in key order; -1 elsewhere. */
    private static int[] dense(BitSet keys, int maxKey) {
        int[] dense = new int[maxKey + 1];
        Arrays.fill(dense, -1);
        int next = 0;
        for (int k = keys.nextSetBit(0); k >= 0; k = keys.nextSetBit(k + 1)) {
            dense[k] = next++;
        }
        return dense;
    }

    /**
     * The client ids of dense indices {@code 0..size)}. A row deleted between the reads leaves a hole, named
     * as the in-process snapshot names it (no client id contains a NUL character).
     */
    private static String[] ids(JobOptions o, boolean users, int[] dense, int size) {
        String[] ids = new String[size];
        RatingScan.KeySink into = (key, id) -> {
            if (key < dense.length && dense[key] >= 0) {
                ids[dense[key]] = id;
            }
        };
        try (Connection c = DriverManager.getConnection(o.store(), o.jdbcProperties())) {
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            if (users) {
                RatingScan.users(c, FETCH_SIZE, into);
            } else {
                RatingScan.items(c, FETCH_SIZE, into);
            }
            c.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("reading ids from " + o.storeForLog() + " failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null) {
                ids[i] = "\u0000deleted-" + i;
            }
        }
        return ids;
    }

    private static String[] sortedDistinct(Dataset<Row> rows, String column) {
        List<Row> distinct = rows.select(column).distinct().collectAsList();
        String[] ids = new String[distinct.size()];
        for (int e = 0; e < ids.length; e++) {
            ids[e] = distinct.get(e).getString(0);
        }
        Arrays.sort(ids);
        return ids;
    }
}
