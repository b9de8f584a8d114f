package dev.latent.catalog;

import dev.latent.ratings.StoreKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
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

    /**
     * A chunk ready to write, built off the writer's thread by {@link #prepare}: the last entry of each id, sorted
     * by id, with each entry's categories sorted and their stored text, and the columns the statements bind that
     * do not depend on the store. Preparing an import's chunks on the thread that reads its lines keeps this work
     * out of the writer thread, the import's critical path.
     */
    static final class Chunk {
        final List<ItemDocument> docs;
        final String[] ids;
        final String[][] categories;
        final Boolean[] hidden;
        final Long[] from;
        final Long[] until;
        final String[] labels;
        final String[] categoryText;

        private Chunk(List<ItemDocument> docs) {
            this.docs = docs;
            int n = docs.size();
            ids = new String[n];
            categories = new String[n][];
            hidden = new Boolean[n];
            from = new Long[n];
            until = new Long[n];
            labels = new String[n];
            categoryText = new String[n];
            for (int i = 0; i < n; i++) {
                ItemDocument d = docs.get(i);
                ids[i] = d.itemId();
                categories[i] = ItemCategories.sorted(d.categories());
                hidden[i] = d.hidden();
                from[i] = d.availableFrom();
                until[i] = d.availableUntil();
                labels[i] = d.labels();
                categoryText[i] = ItemCategories.join(categories[i]);
            }
        }

        int size() {
            return ids.length;
        }

        /** The position of an id of this chunk. */
        int position(String id) {
            int i = Arrays.binarySearch(ids, id);
            if (i < 0) {
                throw new IllegalStateException("the store returned an id that was not looked up: " + id);
            }
            return i;
        }
    }

    /** By id; a class of its own, since {@code Comparator.comparing}'s shared lambda calls its key megamorphically. */
    private static final Comparator<ItemDocument> BY_ID = new Comparator<>() {
        @Override
        public int compare(ItemDocument a, ItemDocument b) {
            return a.itemId().compareTo(b.itemId());
        }
    };

    /**
     * Repeated ids: the last entry wins. Needs no transaction nor connection. A stable sort by id (none when the
     * entries come sorted), then the last entry of each run of one id: no hash map of the chunk.
     */
    static Chunk prepare(List<ItemDocument> entries) {
        ItemDocument[] sorted = entries.toArray(new ItemDocument[0]);
        for (int i = 1; i < sorted.length; i++) {
            if (BY_ID.compare(sorted[i - 1], sorted[i]) >= 0) {
                Arrays.sort(sorted, BY_ID); // stable: equal ids keep their order, the last line last
                break;
            }
        }
        List<ItemDocument> docs = new ArrayList<>(sorted.length);
        for (int i = 0; i < sorted.length; i++) {
            if (i + 1 == sorted.length || !sorted[i].itemId().equals(sorted[i + 1].itemId())) {
                docs.add(sorted[i]);
            }
        }
        return new Chunk(docs);
    }

    /** Must run inside a transaction. Repeated ids: the last entry wins. */
    Result write(List<ItemDocument> entries, long now) {
        return write(prepare(entries), now, null);
    }

    /**
     * Writes a prepared chunk, and adds the rules of each written item as the store holds them until the
     * transaction ends (its rows stay locked) to {@code written}, when not null: what {@link CatalogView} applies
     * after the commit.
     */
    Result write(Chunk chunk, long now, List<ItemRules> written) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("CatalogWriter.write needs a transaction");
        }
        if (chunk.size() == 0) {
            return new Result(0, 0);
        }
        return jdbc.execute((ConnectionCallback<Result>) c -> write(c, chunk, now, written));
    }

    private Result write(Connection c, Chunk chunk, long now, List<ItemRules> written) throws SQLException {
        boolean pg = StoreKeys.isPostgres(c);
        int n = chunk.size();
        int[] keys = new int[n];
        long[] catalogedAt = new long[n];
        BitSet existed = new BitSet();
        if (pg) {
            List<Integer> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                all.add(i);
            }
            lookUpLocked(c, chunk, all, keys, catalogedAt, existed);
        } else {
            lookUpH2(c, chunk, keys, catalogedAt, existed);
        }
        List<Integer> oldRows = new ArrayList<>();
        List<Integer> newRows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (existed.get(i) ? oldRows : newRows).add(i);
        }
        if (!oldRows.isEmpty() && pg) {
            update(c, chunk, keys, oldRows, now);
        } else if (!oldRows.isEmpty()) {
            List<Integer> vanished = updateH2(c, chunk, keys, catalogedAt, oldRows, now);
            if (!vanished.isEmpty()) {
                // deleted (perhaps created again) between the look-up and the update: look them up again, locked
                // this time, then update those found and create the others
                vanished.forEach(existed::clear);
                lookUpLocked(c, chunk, vanished, keys, catalogedAt, existed);
                oldRows.removeAll(vanished);
                List<Integer> found = new ArrayList<>();
                for (int i : vanished) {
                    (existed.get(i) ? found : newRows).add(i);
                }
                if (!found.isEmpty() && !updateH2(c, chunk, keys, catalogedAt, found, now).isEmpty()) {
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
            for (int k = 0; k < newRows.size(); k++) {
                keys[newRows.get(k)] = fresh[k];
                catalogedAt[newRows.get(k)] = now;
            }
            insert(c, pg, chunk, keys, newRows, now);
        }
        if (written != null) {
            for (int i = 0; i < n; i++) {
                ItemDocument d = chunk.docs.get(i);
                written.add(new ItemRules(d.itemId(), chunk.categories[i], d.hidden(),
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
    private static void lookUpLocked(Connection c, Chunk chunk, List<Integer> rows, int[] keys,
                                     long[] catalogedAt, BitSet existed) throws SQLException {
        for (int from = 0; from < rows.size(); from += IN_CHUNK) {
            int to = Math.min(rows.size(), from + IN_CHUNK);
            String sql = "SELECT item_key, external_id, cataloged_at FROM items WHERE external_id IN ("
                    + "?, ".repeat(to - from - 1) + "?) FOR UPDATE";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int k = from; k < to; k++) {
                    ps.setString(k - from + 1, chunk.ids[rows.get(k)]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    read(rs, chunk, keys, catalogedAt, existed);
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
    private static void lookUpH2(Connection c, Chunk chunk, int[] keys, long[] catalogedAt, BitSet existed)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT i.item_key, i.external_id, i.cataloged_at"
                + " FROM TABLE(id VARCHAR = ?) s JOIN items i ON i.external_id = s.id")) {
            ps.setObject(1, chunk.ids);
            try (ResultSet rs = ps.executeQuery()) {
                read(rs, chunk, keys, catalogedAt, existed);
            }
        }
    }

    private static void read(ResultSet rs, Chunk chunk, int[] keys, long[] catalogedAt, BitSet existed)
            throws SQLException {
        while (rs.next()) {
            int i = chunk.position(rs.getString(2));
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

    private static void insert(Connection c, boolean pg, Chunk chunk, int[] keys, List<Integer> rows, long now)
            throws SQLException {
        String sql = "INSERT INTO items (item_key, external_id, hidden, available_from, available_until, labels,"
                + " categories, cataloged_at, updated_at) SELECT s.item_key, s.external_id, s.hidden, s.available_from,"
                + " s.available_until, s.labels, s.categories, s.ts, s.ts FROM " + source(pg);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, pg, ps, chunk, keys, rows, now);
            ps.executeUpdate();
        }
    }

    /** PostgreSQL: updates the given rows (locked by the look-up). */
    private static void update(Connection c, Chunk chunk, int[] keys, List<Integer> rows, long now)
            throws SQLException {
        String sql = "UPDATE items t SET hidden = s.hidden, available_from = s.available_from,"
                + " available_until = s.available_until, labels = s.labels, categories = s.categories,"
                + " cataloged_at = COALESCE(t.cataloged_at, s.ts), updated_at = s.ts FROM " + source(true)
                + " WHERE t.item_key = s.item_key";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, true, ps, chunk, keys, rows, now);
            ps.executeUpdate();
        }
    }

    /**
     * H2: updates the given rows by key, locking each as it goes (in id order), reads their
     * {@code cataloged_at} as updated into {@code catalogedAt}, and returns the rows it did not find: deleted
     * since the look-up.
     */
    private static List<Integer> updateH2(Connection c, Chunk chunk, int[] keys, long[] catalogedAt, List<Integer> rows,
                                          long now) throws SQLException {
        String sql = "SELECT item_key, cataloged_at FROM FINAL TABLE (MERGE INTO items t USING " + source(false)
                + " ON (t.item_key = s.item_key) WHEN MATCHED THEN UPDATE SET hidden = s.hidden,"
                + " available_from = s.available_from, available_until = s.available_until, labels = s.labels,"
                + " categories = s.categories, cataloged_at = COALESCE(t.cataloged_at, s.ts), updated_at = s.ts)";
        Map<Integer, Long> updated = new HashMap<>(rows.size() * 2);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, false, ps, chunk, keys, rows, now);
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

    /** Binds the source columns of the given rows: the chunk's own arrays when they are all of them. */
    private static void bind(Connection c, boolean pg, PreparedStatement ps, Chunk chunk, int[] keys,
                             List<Integer> rows, long now) throws SQLException {
        int m = rows.size();
        Integer[] key = new Integer[m];
        Long[] ts = new Long[m];
        Long stamp = now;
        for (int j = 0; j < m; j++) {
            key[j] = keys[rows.get(j)];
            ts[j] = stamp;
        }
        Object[][] columns = isEvery(rows, chunk.size())
                ? new Object[][] {key, chunk.ids, chunk.hidden, chunk.from, chunk.until, chunk.labels, chunk.categoryText, ts}
                : new Object[][] {key, pick(chunk.ids, rows, new String[m]), pick(chunk.hidden, rows, new Boolean[m]),
                        pick(chunk.from, rows, new Long[m]), pick(chunk.until, rows, new Long[m]),
                        pick(chunk.labels, rows, new String[m]), pick(chunk.categoryText, rows, new String[m]), ts};
        String[] types = {"integer", "varchar", "boolean", "bigint", "bigint", "varchar", "varchar", "bigint"};
        for (int k = 0; k < columns.length; k++) {
            if (pg) {
                ps.setArray(k + 1, c.createArrayOf(types[k], columns[k]));
            } else {
                ps.setObject(k + 1, columns[k]);
            }
        }
    }

    /** Whether the rows are 0, 1, ..., n - 1 in that order. */
    private static boolean isEvery(List<Integer> rows, int n) {
        if (rows.size() != n) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (rows.get(j) != j) {
                return false;
            }
        }
        return true;
    }

    private static <T> T[] pick(T[] all, List<Integer> rows, T[] into) {
        for (int j = 0; j < into.length; j++) {
            into[j] = all[rows.get(j)];
        }
        return into;
    }
}
