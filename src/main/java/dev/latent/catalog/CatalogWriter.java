package dev.latent.catalog;

import dev.latent.ratings.StoreKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes catalogue entries with plain JDBC on the current transaction's connection, one code path for a PUT,
 * a batch and each chunk of an import. Entries are sorted by id (rows are locked in that order, and new keys
 * then follow id order), existing items are updated set-wise, new ones inserted set-wise with all
 * their columns (the categories too: one column, {@link ItemCategories}). Set-wise means one statement per chunk whose
 * parameters are arrays (H2 {@code TABLE(...)}, PostgreSQL {@code unnest(...)}), the pattern the rating
 * writer measured at 2–3× a JDBC batch of single-row statements. PostgreSQL locks the existing rows in the
 * look-up ({@code FOR UPDATE}); H2 looks up without locks and lets the update lock them, then looks up again,
 * locked, the few it no longer finds (deleted in between): on H2 the locking look-up cost a third of an
 * import that updates.
 */
@Component
class CatalogWriter {

    /** Items created and updated by one write. */
    record Result(int created, int updated) {
        Result plus(Result o) {
            return new Result(created + o.created, updated + o.updated);
        }
    }

    private static final int IN_CHUNK = 500;
    /** Read for a row not in the catalogue yet: the update sets {@code cataloged_at} to the write's time. */
    private static final long NOT_CATALOGED = Long.MIN_VALUE;

    private final JdbcTemplate jdbc;

    CatalogWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run inside a transaction. Repeated ids: the last entry wins. */
    Result write(List<ItemDocument> entries, long now) {
        return write(entries, now, null);
    }

    /**
     * As {@link #write(List, long)}, and adds the rules of each written item as the store holds them until the
     * transaction ends (its rows stay locked) to {@code written}, when not null: what {@link CatalogView} applies
     * after the commit.
     */
    Result write(List<ItemDocument> entries, long now, List<ItemRules> written) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("CatalogWriter.write needs a transaction");
        }
        if (entries.isEmpty()) {
            return new Result(0, 0);
        }
        return jdbc.execute((ConnectionCallback<Result>) c -> write(c, entries, now, written));
    }

    private Result write(Connection c, List<ItemDocument> entries, long now, List<ItemRules> written)
            throws SQLException {
        boolean pg = StoreKeys.isPostgres(c);
        Map<String, ItemDocument> last = new LinkedHashMap<>(entries.size() * 2);
        for (ItemDocument d : entries) {
            last.put(d.itemId(), d);
        }
        List<ItemDocument> docs = new ArrayList<>(last.values());
        docs.sort(Comparator.comparing(ItemDocument::itemId));
        List<String> ids = docs.stream().map(ItemDocument::itemId).toList();
        String[][] categories = new String[docs.size()][];
        for (int i = 0; i < docs.size(); i++) {
            categories[i] = ItemCategories.sorted(docs.get(i).categories());
        }
        int[] keys = new int[docs.size()];
        long[] catalogedAt = new long[docs.size()];
        BitSet existed = new BitSet();
        if (pg) {
            List<Integer> all = new ArrayList<>(docs.size());
            for (int i = 0; i < docs.size(); i++) {
                all.add(i);
            }
            lookUpLocked(c, ids, all, keys, catalogedAt, existed);
        } else {
            lookUpH2(c, ids, keys, catalogedAt, existed);
        }
        List<Integer> oldRows = new ArrayList<>();
        List<Integer> newRows = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            (existed.get(i) ? oldRows : newRows).add(i);
        }
        if (!oldRows.isEmpty() && pg) {
            update(c, docs, categories, keys, oldRows, now);
        } else if (!oldRows.isEmpty()) {
            List<Integer> vanished = updateH2(c, docs, categories, keys, catalogedAt, oldRows, now);
            if (!vanished.isEmpty()) {
                // deleted (perhaps created again) between the look-up and the update: look them up again, locked
                // this time, then update those found and create the others
                vanished.forEach(existed::clear);
                lookUpLocked(c, ids, vanished, keys, catalogedAt, existed);
                oldRows.removeAll(vanished);
                List<Integer> found = new ArrayList<>();
                for (int i : vanished) {
                    (existed.get(i) ? found : newRows).add(i);
                }
                if (!found.isEmpty() && !updateH2(c, docs, categories, keys, catalogedAt, found, now).isEmpty()) {
                    throw new IllegalStateException("items locked for update were not updated");
                }
                oldRows.addAll(found);
                newRows.sort(null);
            }
        }
        for (int i : oldRows) {
            if (catalogedAt[i] == NOT_CATALOGED) {
                catalogedAt[i] = now;
            }
        }
        if (!newRows.isEmpty()) {
            int[] fresh = StoreKeys.nextKeys(c, StoreKeys.Table.ITEMS, newRows.size());
            for (int n = 0; n < newRows.size(); n++) {
                keys[newRows.get(n)] = fresh[n];
                catalogedAt[newRows.get(n)] = now;
            }
            insert(c, pg, docs, categories, keys, newRows, now);
        }
        if (written != null) {
            for (int i = 0; i < docs.size(); i++) {
                ItemDocument d = docs.get(i);
                written.add(new ItemRules(d.itemId(), categories[i], d.hidden(),
                        d.availableFrom() == null ? Long.MIN_VALUE : d.availableFrom(),
                        d.availableUntil() == null ? Long.MAX_VALUE : d.availableUntil(), catalogedAt[i]));
            }
        }
        return new Result(newRows.size(), oldRows.size());
    }

    /**
     * The keys of the given ids (of {@code rows}) already stored, and when each entered the catalogue
     * ({@link #NOT_CATALOGED} for a row that had not), locked ({@code FOR UPDATE}) in id order, so that two
     * concurrent writers cannot wait on each other in a cycle, a concurrent delete cannot slip in, and the
     * values hold until the transaction ends. As {@link StoreKeys#lookUp}.
     */
    private static void lookUpLocked(Connection c, List<String> ids, List<Integer> rows, int[] keys,
                                     long[] catalogedAt, BitSet existed) throws SQLException {
        Map<String, Integer> position = new HashMap<>(rows.size() * 2);
        for (int i : rows) {
            position.put(ids.get(i), i);
        }
        for (int from = 0; from < rows.size(); from += IN_CHUNK) {
            int to = Math.min(rows.size(), from + IN_CHUNK);
            String sql = "SELECT item_key, external_id, cataloged_at FROM items WHERE external_id IN ("
                    + "?, ".repeat(to - from - 1) + "?) FOR UPDATE";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int k = from; k < to; k++) {
                    ps.setString(k - from + 1, ids.get(rows.get(k)));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    read(rs, position, keys, catalogedAt, existed);
                }
            }
        }
    }

    /**
     * H2: the keys of the ids already stored, read without locks in one statement that joins the ids (a
     * {@code TABLE(...)} array parameter) to the unique index. Locking them here as {@link #lookUpLocked}
     * does costs H2 a write and an undo-log entry per row, for nothing: {@link #updateH2} locks the rows it
     * updates and reports those deleted meanwhile.
     */
    private static void lookUpH2(Connection c, List<String> ids, int[] keys, long[] catalogedAt, BitSet existed)
            throws SQLException {
        Map<String, Integer> position = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT i.item_key, i.external_id, i.cataloged_at"
                + " FROM TABLE(id VARCHAR = ?) s JOIN items i ON i.external_id = s.id")) {
            ps.setObject(1, ids.toArray(new String[0]));
            try (ResultSet rs = ps.executeQuery()) {
                read(rs, position, keys, catalogedAt, existed);
            }
        }
    }

    private static void read(ResultSet rs, Map<String, Integer> position, int[] keys, long[] catalogedAt,
                             BitSet existed) throws SQLException {
        while (rs.next()) {
            int i = position.get(rs.getString(2));
            keys[i] = rs.getInt(1);
            long at = rs.getLong(3);
            catalogedAt[i] = rs.wasNull() ? NOT_CATALOGED : at;
            existed.set(i);
        }
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

    private static void insert(Connection c, boolean pg, List<ItemDocument> docs, String[][] categories, int[] keys,
                               List<Integer> rows, long now) throws SQLException {
        String sql = "INSERT INTO items (item_key, external_id, hidden, available_from, available_until, labels,"
                + " categories, cataloged_at, updated_at) SELECT s.item_key, s.external_id, s.hidden, s.available_from,"
                + " s.available_until, s.labels, s.categories, s.ts, s.ts FROM " + source(pg);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, pg, ps, docs, categories, keys, rows, now);
            ps.executeUpdate();
        }
    }

    /** PostgreSQL: updates the given rows (locked by the look-up). */
    private static void update(Connection c, List<ItemDocument> docs, String[][] categories, int[] keys,
                               List<Integer> rows, long now) throws SQLException {
        String sql = "UPDATE items t SET hidden = s.hidden, available_from = s.available_from,"
                + " available_until = s.available_until, labels = s.labels, categories = s.categories,"
                + " cataloged_at = COALESCE(t.cataloged_at, s.ts), updated_at = s.ts FROM " + source(true)
                + " WHERE t.item_key = s.item_key";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, true, ps, docs, categories, keys, rows, now);
            ps.executeUpdate();
        }
    }

    /**
     * H2: updates the given rows by key, locking each as it goes (in id order), reads their
     * {@code cataloged_at} as updated into {@code catalogedAt}, and returns the rows it did not find: deleted
     * since the look-up.
     */
    private static List<Integer> updateH2(Connection c, List<ItemDocument> docs, String[][] categories, int[] keys,
                                          long[] catalogedAt, List<Integer> rows, long now) throws SQLException {
        String sql = "SELECT item_key, cataloged_at FROM FINAL TABLE (MERGE INTO items t USING " + source(false)
                + " ON (t.item_key = s.item_key) WHEN MATCHED THEN UPDATE SET hidden = s.hidden,"
                + " available_from = s.available_from, available_until = s.available_until, labels = s.labels,"
                + " categories = s.categories, cataloged_at = COALESCE(t.cataloged_at, s.ts), updated_at = s.ts)";
        Map<Integer, Long> updated = new HashMap<>(rows.size() * 2);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, false, ps, docs, categories, keys, rows, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    updated.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        List<Integer> vanished = new ArrayList<>();
        for (int i : rows) {
            Long at = updated.get(keys[i]);
            if (at == null) {
                vanished.add(i);
            } else {
                catalogedAt[i] = at;
            }
        }
        return vanished;
    }

    private static void bind(Connection c, boolean pg, PreparedStatement ps, List<ItemDocument> docs,
                             String[][] sortedCategories, int[] keys, List<Integer> rows, long now) throws SQLException {
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
            categories[j] = ItemCategories.join(sortedCategories[r]);
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
