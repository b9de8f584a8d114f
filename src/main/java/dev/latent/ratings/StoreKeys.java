package dev.latent.ratings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps client ids to the store's int keys ({@code users.user_key}, {@code items.item_key}), on the caller's
 * connection and transaction. Shared by the rating writer and the catalogue writer, so that an item created
 * by a rating and the same item put into the catalogue are one row with one key.
 */
public final class StoreKeys {

    /** The two id tables. */
    public enum Table {
        USERS("users", "user_key", "user_key_seq"),
        ITEMS("items", "item_key", "item_key_seq");

        final String name;
        final String keyColumn;
        final String sequence;

        Table(String name, String keyColumn, String sequence) {
            this.name = name;
            this.keyColumn = keyColumn;
            this.sequence = sequence;
        }
    }

    private static final int IN_CHUNK = 500;

    private StoreKeys() {
    }

    public static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    }

    /**
     * Reads the keys of the ids already stored into {@code keys} and sets {@code existed} for them. The rows
     * are locked ({@code FOR UPDATE}) in id order, so two concurrent writers cannot wait on each other in a
     * cycle and a concurrent delete cannot slip in between.
     *
     * @param sorted the ids in ascending order, no duplicates
     */
    public static void lookUp(Connection c, Table table, List<String> sorted, int[] keys, BitSet existed)
            throws SQLException {
        Map<String, Integer> position = new HashMap<>(sorted.size() * 2);
        for (int i = 0; i < sorted.size(); i++) {
            position.put(sorted.get(i), i);
        }
        for (int from = 0; from < sorted.size(); from += IN_CHUNK) {
            int to = Math.min(sorted.size(), from + IN_CHUNK);
            String sql = "SELECT " + table.keyColumn + ", external_id FROM " + table.name + " WHERE external_id IN ("
                    + "?, ".repeat(to - from - 1) + "?) FOR UPDATE";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = from; i < to; i++) {
                    ps.setString(i - from + 1, sorted.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int i = position.get(rs.getString(2));
                        keys[i] = rs.getInt(1);
                        existed.set(i);
                    }
                }
            }
        }
    }

    /**
     * Maps client ids to keys, inserting bare rows (key and id only) for the missing ones. Sets
     * {@code existed[i]} for ids already stored.
     */
    static int[] resolve(Connection c, Table table, List<String> ids, BitSet existed, int batchSize)
            throws SQLException {
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        int[] sortedKeys = new int[sorted.size()];
        BitSet sortedExisted = new BitSet();
        lookUp(c, table, sorted, sortedKeys, sortedExisted);
        int missing = sorted.size() - sortedExisted.cardinality();
        if (missing > 0) {
            int[] fresh = nextKeys(c, table, missing);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + table.name + " (" + table.keyColumn + ", external_id) VALUES (?, ?)")) {
                int n = 0;
                for (int i = 0; i < sorted.size(); i++) {
                    if (sortedExisted.get(i)) {
                        continue;
                    }
                    sortedKeys[i] = fresh[n++];
                    ps.setInt(1, sortedKeys[i]);
                    ps.setString(2, sorted.get(i));
                    ps.addBatch();
                    if (n % batchSize == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        }
        int[] keys = new int[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            int s = Collections.binarySearch(sorted, ids.get(i));
            keys[i] = sortedKeys[s];
            if (sortedExisted.get(s)) {
                existed.set(i);
            }
        }
        return keys;
    }

    /** {@code count} fresh keys of the table's sequence in one round trip, ascending. */
    public static int[] nextKeys(Connection c, Table table, int count) throws SQLException {
        String sql = isPostgres(c)
                ? "SELECT nextval('" + table.sequence + "') FROM generate_series(1, " + count + ")"
                : "SELECT NEXT VALUE FOR " + table.sequence + " FROM SYSTEM_RANGE(1, " + count + ")";
        int[] keys = new int[count];
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = 0;
            while (rs.next()) {
                long key = rs.getLong(1);
                if (key > Integer.MAX_VALUE) {
                    throw new IllegalStateException(table.sequence + " exhausted the int key space");
                }
                keys[n++] = (int) key;
            }
            if (n != count) {
                throw new IllegalStateException(table.sequence + " gave " + n + " keys, wanted " + count);
            }
        }
        Arrays.sort(keys);
        return keys;
    }
}
