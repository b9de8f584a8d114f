package dev.latent.training;

import dev.latent.model.FeedMark;
import dev.latent.model.IdMap;
import dev.latent.model.Ratings;
import dev.latent.ratings.RatingReads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Streams all observed ratings out of the store into primitive arrays over one read-only, repeatable-read
 * transaction (a consistent snapshot while ingestion goes on), then maps the store's int keys to dense
 * indices in key order. Only users and items that have ratings get an index. Memory: the three column
 * arrays (12 bytes a rating) plus the matrix built from them.
 */
@Component
public class SnapshotReader {

    private static final int FETCH_SIZE = 10_000;

    private final DataSource dataSource;
    private final RatingReads reads;

    public SnapshotReader(DataSource dataSource, RatingReads reads) {
        this.reads = reads;
        this.dataSource = dataSource;
    }

    public RatingSnapshot read() {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            // A capacity hint, counted before the snapshot starts: inside a repeatable-read transaction H2
            // counts by scanning every row (it took 44 % of a 1M snapshot), outside it reads a stored count.
            // Rows committed between the two are handled by growing the arrays.
            long expected = count(c);
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            boolean h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
            if (h2) {
                lazy(c, true);
            }
            try {
                RatingSnapshot s = read(c, expected, start);
                c.commit();
                return s;
            } finally {
                c.rollback();
                if (h2) {
                    lazy(c, false);
                }
                c.setReadOnly(false);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the ratings snapshot failed: " + e.getMessage(), e);
        }
    }

    /**
     * H2 materialises a query's whole result before the first row unless the session executes lazily, and
     * past a few hundred thousand rows it spills that copy to a temporary file: the scan of 1M ratings took
     * 0.6–2.4 s that way and 0.35–0.5 s lazily (the same file, one JVM, six scans each). Only this session
     * streams; the pool's other connections keep H2's default.
     */
    private static void lazy(Connection c, boolean on) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LAZY_QUERY_EXECUTION " + (on ? "TRUE" : "FALSE"));
        }
    }

    private RatingSnapshot read(Connection c, long expected, long start) throws SQLException {
        FeedMark mark = FeedMark.read(c); // the first read of the transaction: the snapshot the ratings are read in
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, expected + 1024));
        int[] users = new int[capacity];
        int[] items = new int[capacity];
        float[] ratings = new float[capacity];
        int n = 0;
        int maxUser = -1;
        int maxItem = -1;
        double sum = 0;
        long maxTs = Long.MIN_VALUE;
        try (PreparedStatement ps = c.prepareStatement("SELECT user_key, item_key, rating, ts FROM ratings")) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == users.length) { // rows committed between the count and this scan
                        int grown = (int) Math.min(Integer.MAX_VALUE - 8, users.length * 3L / 2);
                        users = Arrays.copyOf(users, grown);
                        items = Arrays.copyOf(items, grown);
                        ratings = Arrays.copyOf(ratings, grown);
                    }
                    int u = rs.getInt(1);
                    int i = rs.getInt(2);
                    float r = rs.getFloat(3);
                    users[n] = u;
                    items[n] = i;
                    ratings[n] = r;
                    n++;
                    maxUser = Math.max(maxUser, u);
                    maxItem = Math.max(maxItem, i);
                    sum += r;
                    maxTs = Math.max(maxTs, rs.getLong(4));
                }
            }
        }
        int[] userDense = denseIndex(users, n, maxUser);
        int[] itemDense = denseIndex(items, n, maxItem);
        String[] userIds = ids(c, "SELECT user_key, external_id FROM users", userDense);
        String[] itemIds = ids(c, "SELECT item_key, external_id FROM items", itemDense);
        for (int e = 0; e < n; e++) {
            users[e] = userDense[users[e]];
            items[e] = itemDense[items[e]];
        }
        Ratings snapshot = new Ratings(users, items, ratings, n, idMap(userIds), idMap(itemIds));
        return new RatingSnapshot(snapshot, fingerprint(n, sum, n == 0 ? 0 : maxTs),
                (System.nanoTime() - start) / 1_000_000, mark);
    }

    /**
     * A short text that changes when the ratings change: count, sum and newest timestamp. Computed the
     * same way from the store by {@link #currentFingerprint()}.
     */
    static String fingerprint(long count, double sum, long maxTs) {
        return count + ":" + Math.round(sum * 2) + ":" + maxTs;
    }

    /** The fingerprint of what the store holds now, by one aggregate query. */
    public String currentFingerprint() {
        RatingReads.Totals t = reads.totals();
        return fingerprint(t.count(), t.sum(), t.maxTs());
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ratings");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Maps each key that occurs to a dense index, in key order; -1 elsewhere. */
    private static int[] denseIndex(int[] keys, int n, int maxKey) {
        int[] dense = new int[maxKey + 1];
        for (int e = 0; e < n; e++) {
            dense[keys[e]] = 1;
        }
        int next = 0;
        for (int k = 0; k < dense.length; k++) {
            dense[k] = dense[k] == 1 ? next++ : -1;
        }
        return dense;
    }

    /**
     * The id map of dense indices {@code 0..ids.length)}. A row deleted between the two reads of the snapshot
     * leaves a hole, filled with a name no client id can take (ids never contain a NUL character).
     */
    private static IdMap idMap(String[] ids) {
        IdMap map = new IdMap();
        for (int i = 0; i < ids.length; i++) {
            map.indexOrAdd(ids[i] != null ? ids[i] : "\u0000deleted-" + i);
        }
        return map;
    }

    private static String[] ids(Connection c, String sql, int[] dense) throws SQLException {
        int size = 0;
        for (int d : dense) {
            size = Math.max(size, d + 1);
        }
        String[] ids = new String[size];
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int key = rs.getInt(1);
                    if (key < dense.length && dense[key] >= 0) {
                        ids[dense[key]] = rs.getString(2);
                    }
                }
            }
        }
        return ids;
    }
}
