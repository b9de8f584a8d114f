package dev.latent.ratings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes a {@link RatingBatch} with plain JDBC on the current transaction's connection: one code path for a
 * single PUT, a batch and a million-line import.
 *
 * <ol>
 *   <li>Client ids become keys: existing ones are read (locked {@code FOR UPDATE}, so a concurrent
 *       {@code DELETE /users/...} cannot leave ratings behind), missing ones drawn from the sequences in
 *       one query and inserted in one batch.</li>
 *   <li>Rows are sorted by (user key, item key) and de-duplicated (last wins): inserts into the primary-key
 *       B-tree then append instead of splitting random pages (H2: ~35k rows/s random, ~230k sorted).</li>
 *   <li>A pair can already exist only when both its user and its item did: those rows are UPDATEd first
 *       (set-wise from 1,000 rows on, see {@link #mergeSetWise}), and the ones that matched nothing are
 *       inserted. Everything else is inserted straight away, 10,000 rows per statement with array
 *       parameters (see {@link #insert}).</li>
 * </ol>
 * A unique-key race with a concurrent writer surfaces as a {@code DuplicateKeyException}; the caller retries
 * the whole transaction.
 */
@Component
class RatingWriter {

    /** Created and updated row counts of one write. */
    record Result(int created, int updated) {
    }

    private static final Logger log = LoggerFactory.getLogger(RatingWriter.class);
    /** From this many possibly existing rows on, upsert them set-wise rather than by batched single-row UPDATEs. */
    private static final int SET_WISE_FROM = 1_000;

    private final JdbcTemplate jdbc;
    private final int batchSize;
    private volatile Boolean postgres;

    RatingWriter(JdbcTemplate jdbc, RatingsProperties properties) {
        this.jdbc = jdbc;
        this.batchSize = properties.jdbcBatchSize();
    }

    /** Must run inside a transaction; does not commit. */
    Result write(RatingBatch batch) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("RatingWriter.write needs a transaction");
        }
        return jdbc.execute((ConnectionCallback<Result>) c -> write(c, batch));
    }

    private Result write(Connection c, RatingBatch batch) throws SQLException {
        if (postgres == null) {
            postgres = StoreKeys.isPostgres(c);
        }
        long t0 = System.nanoTime();
        BitSet oldUsers = new BitSet();
        BitSet oldItems = new BitSet();
        int[] userKeys = StoreKeys.resolve(c, StoreKeys.Table.USERS, batch.userIds(), oldUsers, batchSize);
        int[] itemKeys = StoreKeys.resolve(c, StoreKeys.Table.ITEMS, batch.itemIds(), oldItems, batchSize);
        RatingRows in = batch.rows();
        int[] oldUserKeys = new int[oldUsers.cardinality()];
        int[] oldItemKeys = new int[oldItems.cardinality()];
        for (int i = oldUsers.nextSetBit(0), n = 0; i >= 0; i = oldUsers.nextSetBit(i + 1)) {
            oldUserKeys[n++] = userKeys[i];
        }
        for (int i = oldItems.nextSetBit(0), n = 0; i >= 0; i = oldItems.nextSetBit(i + 1)) {
            oldItemKeys[n++] = itemKeys[i];
        }
        Arrays.sort(oldUserKeys);
        Arrays.sort(oldItemKeys);
        long t1 = System.nanoTime();
        RatingRows rows = in.sortedByKeys(userKeys, itemKeys);
        long t2 = System.nanoTime();

        int[] updateRows = new int[rows.size()];
        int[] insertRows = new int[rows.size()];
        int updates = 0;
        int inserts = 0;
        for (int r = 0; r < rows.size(); r++) {
            boolean old = Arrays.binarySearch(oldUserKeys, rows.user(r)) >= 0
                    && Arrays.binarySearch(oldItemKeys, rows.item(r)) >= 0;
            if (old) {
                updateRows[updates++] = r;
            } else {
                insertRows[inserts++] = r;
            }
        }
        int updated = 0;
        int created = inserts;
        if (updates >= SET_WISE_FROM) {
            int[] counts = mergeSetWise(c, rows, updateRows, updates);
            updated = counts[0];
            created += counts[1];
        } else if (updates > 0) {
            int[] missed = new int[updates];
            int misses = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ratings SET rating = ?, ts = ? WHERE user_key = ? AND item_key = ?")) {
                for (int from = 0; from < updates; from += batchSize) {
                    int to = Math.min(updates, from + batchSize);
                    for (int k = from; k < to; k++) {
                        int r = updateRows[k];
                        ps.setFloat(1, rows.rating(r));
                        ps.setLong(2, rows.time(r));
                        ps.setInt(3, rows.user(r));
                        ps.setInt(4, rows.item(r));
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    for (int k = from; k < to; k++) {
                        int count = counts[k - from];
                        if (count == 0) {
                            missed[misses++] = updateRows[k];
                        } else {
                            updated++;
                        }
                    }
                }
            }
            if (misses > 0) { // pairs whose user and item existed but not the rating: insert, keeping key order
                int[] merged = new int[inserts + misses];
                System.arraycopy(insertRows, 0, merged, 0, inserts);
                System.arraycopy(missed, 0, merged, inserts, misses);
                Arrays.sort(merged);
                insertRows = merged;
                inserts += misses;
                created += misses;
            }
        }
        insert(c, rows, insertRows, inserts);
        if (rows.size() >= 100_000) {
            log.info("wrote {} rows: ids {} ms, sort {} ms, {} updated + {} created {} ms", rows.size(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, updated, created, (System.nanoTime() - t2) / 1_000_000);
        }
        return new Result(created, updated);
    }

    /**
     * Inserts the given rows, in key order, as one statement per {@code batchSize} rows whose parameters are
     * arrays: H2 {@code TABLE(...)}, PostgreSQL {@code unnest(...)}. Measured on H2 file mode: ~180k rows/s
     * against ~77k for a JDBC batch of single-row INSERTs (the per-row statement overhead dominates).
     */
    private void insert(Connection c, RatingRows rows, int[] which, int count) throws SQLException {
        String sql = "INSERT INTO ratings (user_key, item_key, rating, ts) SELECT s.user_key, s.item_key, s.rating, s.ts FROM "
                + source();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < count; from += batchSize) {
                bind(c, ps, rows, which, from, Math.min(count, from + batchSize) - from);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Upserts rows that may exist, set-wise, {@code batchSize} rows per statement: first an UPDATE of the
     * matching rows (H2 {@code MERGE ... WHEN MATCHED}, PostgreSQL {@code UPDATE ... FROM unnest}), then an
     * INSERT of those still missing. Batched single-row UPDATEs ran at ~60k rows/s on H2.
     *
     * @return {updated, created}
     */
    private int[] mergeSetWise(Connection c, RatingRows rows, int[] which, int count) throws SQLException {
        boolean pg = Boolean.TRUE.equals(postgres);
        String update = pg
                ? "UPDATE ratings t SET rating = s.rating, ts = s.ts FROM " + source()
                        + " WHERE t.user_key = s.user_key AND t.item_key = s.item_key"
                : "MERGE INTO ratings t USING (SELECT * FROM " + source() + ") u"
                        + " ON (t.user_key = u.user_key AND t.item_key = u.item_key)"
                        + " WHEN MATCHED THEN UPDATE SET rating = u.rating, ts = u.ts";
        String insert = "INSERT INTO ratings (user_key, item_key, rating, ts) SELECT s.user_key, s.item_key, s.rating, s.ts"
                + " FROM " + source() + " WHERE NOT EXISTS"
                + " (SELECT 1 FROM ratings t WHERE t.user_key = s.user_key AND t.item_key = s.item_key)";
        int updated = 0;
        int created = 0;
        try (PreparedStatement up = c.prepareStatement(update); PreparedStatement in = c.prepareStatement(insert)) {
            for (int from = 0; from < count; from += batchSize) {
                int m = Math.min(count, from + batchSize) - from;
                bind(c, up, rows, which, from, m);
                int u = up.executeUpdate();
                updated += u;
                if (u < m) {
                    bind(c, in, rows, which, from, m);
                    created += in.executeUpdate();
                }
            }
        }
        return new int[] {updated, created};
    }

    /** The rows bound as four array parameters, as a table {@code s(user_key, item_key, rating, ts)}. */
    private String source() {
        return Boolean.TRUE.equals(postgres)
                ? "unnest(?::int[], ?::int[], ?::real[], ?::bigint[]) AS s(user_key, item_key, rating, ts)"
                : "TABLE(user_key INT = ?, item_key INT = ?, rating REAL = ?, ts BIGINT = ?) s";
    }

    private void bind(Connection c, PreparedStatement ps, RatingRows rows, int[] which, int from, int m)
            throws SQLException {
        Integer[] u = new Integer[m];
        Integer[] it = new Integer[m];
        Float[] ra = new Float[m];
        Long[] ts = new Long[m];
        for (int j = 0; j < m; j++) {
            int r = which[from + j];
            u[j] = rows.user(r);
            it[j] = rows.item(r);
            ra[j] = rows.rating(r);
            ts[j] = rows.time(r);
        }
        if (Boolean.TRUE.equals(postgres)) {
            ps.setArray(1, c.createArrayOf("integer", u));
            ps.setArray(2, c.createArrayOf("integer", it));
            ps.setArray(3, c.createArrayOf("real", ra));
            ps.setArray(4, c.createArrayOf("bigint", ts));
        } else {
            ps.setObject(1, u);
            ps.setObject(2, it);
            ps.setObject(3, ra);
            ps.setObject(4, ts);
        }
    }
}
