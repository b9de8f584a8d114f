package dev.latent.training;

import dev.latent.model.FeedMark;
import dev.latent.model.IdMap;
import dev.latent.model.Ratings;
import dev.latent.ratings.RatingReads;
import dev.latent.ratings.RatingScan;
import java.sql.Connection;
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
            long expected = RatingScan.count(c);
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
        Columns col = new Columns((int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, expected + 1024)));
        RatingScan.ratings(c, FETCH_SIZE, col);
        int n = col.n;
        int[] users = col.users;
        int[] items = col.items;
        int[] userDense = denseIndex(users, n, col.maxUser);
        int[] itemDense = denseIndex(items, n, col.maxItem);
        String[] userIds = ids(userDense);
        RatingScan.users(c, FETCH_SIZE, into(userIds, userDense));
        String[] itemIds = ids(itemDense);
        RatingScan.items(c, FETCH_SIZE, into(itemIds, itemDense));
        for (int e = 0; e < n; e++) {
            users[e] = userDense[users[e]];
            items[e] = itemDense[items[e]];
        }
        Ratings snapshot = new Ratings(users, items, col.ratings, n, idMap(userIds), idMap(itemIds));
        return new RatingSnapshot(snapshot, fingerprint(n, col.sum, n == 0 ? 0 : col.maxTs),
                (System.nanoTime() - start) / 1_000_000, mark);
    }

    /** The three column arrays the scan fills, grown when rows committed between the count and the scan. */
    private static final class Columns implements RatingScan.RatingSink {
        int[] users;
        int[] items;
        float[] ratings;
        int n;
        int maxUser = -1;
        int maxItem = -1;
        double sum;
        long maxTs = Long.MIN_VALUE;

        Columns(int capacity) {
            users = new int[capacity];
            items = new int[capacity];
            ratings = new float[capacity];
        }

        @Override
        public void rating(int u, int i, float r, long ts) {
            if (n == users.length) {
                int grown = (int) Math.min(Integer.MAX_VALUE - 8, users.length * 3L / 2);
                users = Arrays.copyOf(users, grown);
                items = Arrays.copyOf(items, grown);
                ratings = Arrays.copyOf(ratings, grown);
            }
            users[n] = u;
            items[n] = i;
            ratings[n] = r;
            n++;
            maxUser = Math.max(maxUser, u);
            maxItem = Math.max(maxItem, i);
            sum += r;
            maxTs = Math.max(maxTs, ts);
        }
    }

    /** The ratings' fingerprint ({@link RatingScan#fingerprint}). */
    static String fingerprint(long count, double sum, long maxTs) {
        return RatingScan.fingerprint(count, sum, maxTs);
    }

    /** The fingerprint of what the store holds now, by one aggregate query. */
    public String currentFingerprint() {
        RatingReads.Totals t = reads.totals();
        return fingerprint(t.count(), t.sum(), t.maxTs());
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

    /** Room for the ids of the dense indices. */
    private static String[] ids(int[] dense) {
        int size = 0;
        for (int d : dense) {
            size = Math.max(size, d + 1);
        }
        return new String[size];
    }

    /** Puts each scanned key's id at its dense index (keys without ratings are skipped). */
    private static RatingScan.KeySink into(String[] ids, int[] dense) {
        return (key, id) -> {
            if (key < dense.length && dense[key] >= 0) {
                ids[dense[key]] = id;
            }
        };
    }
}
