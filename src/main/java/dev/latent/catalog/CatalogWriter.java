package dev.latent.catalog;

import dev.latent.ratings.StoreKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes catalogue entries with plain JDBC on the current transaction's connection, one code path for a PUT,
 * a batch and each chunk of an import. Entries are sorted by id (the key lookup locks rows in that order, and
 * new keys then follow id order), existing items are updated set-wise, new ones inserted set-wise with all
 * their columns (the categories too: one column, {@link ItemCategories}). Set-wise means one statement per chunk whose
 * parameters are arrays (H2 {@code TABLE(...)}, PostgreSQL {@code unnest(...)}), the pattern the rating
 * writer measured at 2–3× a JDBC batch of single-row statements.
 */
@Component
class CatalogWriter {

    /** Items created and updated by one write. */
    record Result(int created, int updated) {
        Result plus(Result o) {
            return new Result(created + o.created, updated + o.updated);
        }
    }

    private final JdbcTemplate jdbc;

    CatalogWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run inside a transaction. Repeated ids: the last entry wins. */
    Result write(List<ItemDocument> entries, long now) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("CatalogWriter.write needs a transaction");
        }
        if (entries.isEmpty()) {
            return new Result(0, 0);
        }
        return jdbc.execute((ConnectionCallback<Result>) c -> write(c, entries, now));
    }

    private Result write(Connection c, List<ItemDocument> entries, long now) throws SQLException {
        boolean pg = StoreKeys.isPostgres(c);
        Map<String, ItemDocument> last = new LinkedHashMap<>(entries.size() * 2);
        for (ItemDocument d : entries) {
            last.put(d.itemId(), d);
        }
        List<ItemDocument> docs = new ArrayList<>(last.values());
        docs.sort(Comparator.comparing(ItemDocument::itemId));
        List<String> ids = docs.stream().map(ItemDocument::itemId).toList();
        int[] keys = new int[docs.size()];
        BitSet existed = new BitSet();
        StoreKeys.lookUp(c, StoreKeys.Table.ITEMS, ids, keys, existed);
        int missing = docs.size() - existed.cardinality();
        int[] fresh = missing == 0 ? new int[0] : StoreKeys.nextKeys(c, StoreKeys.Table.ITEMS, missing);
        List<Integer> oldRows = new ArrayList<>();
        List<Integer> newRows = new ArrayList<>();
        for (int i = 0, n = 0; i < docs.size(); i++) {
            if (existed.get(i)) {
                oldRows.add(i);
            } else {
                keys[i] = fresh[n++];
                newRows.add(i);
            }
        }
        if (!oldRows.isEmpty()) {
            update(c, pg, docs, keys, oldRows, now);
        }
        if (!newRows.isEmpty()) {
            insert(c, pg, docs, keys, newRows, now);
        }
        return new Result(newRows.size(), oldRows.size());
    }

    private static final String COLUMNS = "item_key, external_id, hidden, available_from, available_until, labels,"
            + " categories, ts";

    private static String source(boolean pg) {
        return pg
                ? "unnest(?::int[], ?::varchar[], ?::boolean[], ?::bigint[], ?::bigint[], ?::varchar[], ?::varchar[],"
                        + " ?::bigint[])"
                        + " AS s(" + COLUMNS + ")"
                : "TABLE(item_key INT = ?, external_id VARCHAR = ?, hidden BOOLEAN = ?, available_from BIGINT = ?,"
                        + " available_until BIGINT = ?, labels VARCHAR = ?, categories VARCHAR = ?, ts BIGINT = ?) s";
    }

    private static void insert(Connection c, boolean pg, List<ItemDocument> docs, int[] keys, List<Integer> rows,
                               long now) throws SQLException {
        String sql = "INSERT INTO items (item_key, external_id, hidden, available_from, available_until, labels,"
                + " categories, cataloged_at, updated_at) SELECT s.item_key, s.external_id, s.hidden, s.available_from,"
                + " s.available_until, s.labels, s.categories, s.ts, s.ts FROM " + source(pg);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, pg, ps, docs, keys, rows, now);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, boolean pg, List<ItemDocument> docs, int[] keys, List<Integer> rows,
                               long now) throws SQLException {
        String sql = pg
                ? "UPDATE items t SET hidden = s.hidden, available_from = s.available_from,"
                        + " available_until = s.available_until, labels = s.labels, categories = s.categories,"
                        + " cataloged_at = COALESCE(t.cataloged_at, s.ts), updated_at = s.ts FROM " + source(true)
                        + " WHERE t.item_key = s.item_key"
                : "MERGE INTO items t USING (SELECT * FROM " + source(false) + ") u ON (t.item_key = u.item_key)"
                        + " WHEN MATCHED THEN UPDATE SET hidden = u.hidden, available_from = u.available_from,"
                        + " available_until = u.available_until, labels = u.labels, categories = u.categories,"
                        + " cataloged_at = COALESCE(t.cataloged_at, u.ts), updated_at = u.ts";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, pg, ps, docs, keys, rows, now);
            ps.executeUpdate();
        }
    }

    private static void bind(Connection c, boolean pg, PreparedStatement ps, List<ItemDocument> docs, int[] keys,
                             List<Integer> rows, long now) throws SQLException {
        int m = rows.size();
        Integer[] key = new Integer[m];
        String[] id = new String[m];
        Boolean[] hidden = new Boolean[m];
        Long[] from = new Long[m];
        Long[] until = new Long[m];
        String[] labels = new String[m];
        String[] categories = new String[m];
        Long[] ts = new Long[m];
        for (int j = 0; j < m; j++) {
            int r = rows.get(j);
            ItemDocument d = docs.get(r);
            key[j] = keys[r];
            id[j] = d.itemId();
            hidden[j] = d.hidden();
            from[j] = d.availableFrom();
            until[j] = d.availableUntil();
            labels[j] = d.labels();
            categories[j] = ItemCategories.join(d.categories());
            ts[j] = now;
        }
        Object[][] columns = {key, id, hidden, from, until, labels, categories, ts};
        String[] types = {"integer", "varchar", "boolean", "bigint", "bigint", "varchar", "varchar", "bigint"};
        for (int k = 0; k < columns.length; k++) {
            if (pg) {
                ps.setArray(k + 1, c.createArrayOf(types[k], columns[k]));
            } else {
                ps.setObject(k + 1, columns[k]);
            }
        }
    }
}
