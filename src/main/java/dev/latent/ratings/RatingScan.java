package dev.latent.ratings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The streaming read of every stored rating and of the key-to-id maps, on the caller's connection: the snapshot
 * of training reads them inside its own read-only, repeatable-read transaction (after its change-feed mark), so
 * the connection, not a pooled template, carries the isolation. Rows come in no particular order, by the
 * store's int keys; nothing is held in memory here. The Spark job (spark/) compiles this class too: it uses
 * only JDBC.
 */
public final class RatingScan {

    /** One stored rating. */
    @FunctionalInterface
    public interface RatingSink {
        void rating(int userKey, int itemKey, float rating, long ts);
    }

    /** One store key and its client id. */
    @FunctionalInterface
    public interface KeySink {
        void key(int key, String externalId);
    }

    private RatingScan() {
    }

    /**
     * A short text that changes when the ratings change: count, twice the sum rounded, newest timestamp. The
     * training snapshot, the scheduled check ({@link RatingReads#totals}) and the Spark job all compute it this way.
     */
    public static String fingerprint(long count, double sum, long maxTs) {
        return count + ":" + Math.round(sum * 2) + ":" + maxTs;
    }

    /** The number of stored ratings (outside a repeatable-read transaction H2 reads a stored count). */
    public static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ratings");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every stored rating, {@code fetchSize} rows per round trip. */
    public static void ratings(Connection c, int fetchSize, RatingSink sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_key, item_key, rating, ts FROM ratings")) {
            ps.setFetchSize(fetchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.rating(rs.getInt(1), rs.getInt(2), rs.getFloat(3), rs.getLong(4));
                }
            }
        }
    }

    /** Every user's key and id. */
    public static void users(Connection c, int fetchSize, KeySink sink) throws SQLException {
        keys(c, "SELECT user_key, external_id FROM users", fetchSize, sink);
    }

    /** Every item's key and id (the catalogue's items too, rated or not). */
    public static void items(Connection c, int fetchSize, KeySink sink) throws SQLException {
        keys(c, "SELECT item_key, external_id FROM items", fetchSize, sink);
    }

    private static void keys(Connection c, String sql, int fetchSize, KeySink sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(fetchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.key(rs.getInt(1), rs.getString(2));
                }
            }
        }
    }
}
