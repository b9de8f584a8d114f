package dev.latent.ratings;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link RatingReads} over JDBC: the SQL against the rating tables that other packages need. */
@Component
class JdbcRatingReads implements RatingReads {

    private record Row(String itemId, float rating) {
    }

    private final JdbcClient jdbc;

    JdbcRatingReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserRatings ofUser(String userId) {
        List<Row> rows = jdbc.sql("SELECT i.external_id, r.rating FROM users u "
                        + "JOIN ratings r ON r.user_key = u.user_key "
                        + "JOIN items i ON i.item_key = r.item_key WHERE u.external_id = ?")
                .param(userId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getFloat(2)))
                .list();
        String[] items = new String[rows.size()];
        float[] ratings = new float[rows.size()];
        for (int k = 0; k < items.length; k++) {
            items[k] = rows.get(k).itemId();
            ratings[k] = rows.get(k).rating();
        }
        return new UserRatings(items, ratings);
    }

    @Override
    public boolean any() {
        return jdbc.sql("SELECT 1 FROM ratings FETCH FIRST 1 ROWS ONLY").query(Integer.class).optional().isPresent();
    }

    /** Scans the ratings of the window (the table has no time index): about 20 ms per 100k ratings on H2. */
    @Override
    public List<ItemCount> mostRated(ItemCondition items, long sinceMillis, int limit) {
        List<Object> args = new ArrayList<>(items.args());
        args.add(sinceMillis);
        args.add(limit);
        return jdbc.sql("SELECT i.external_id, COUNT(*) AS n FROM ratings r JOIN items i ON i.item_key = r.item_key"
                        + " WHERE (" + items.sql() + ") AND r.ts >= ? GROUP BY i.external_id"
                        + " ORDER BY n DESC, i.external_id LIMIT ?")
                .params(args)
                .query((rs, n) -> new ItemCount(rs.getString(1), rs.getLong(2)))
                .list();
    }

    @Override
    public Totals totals() {
        return jdbc.sql("SELECT COUNT(*), SUM(CAST(rating AS DOUBLE PRECISION)), MAX(ts) FROM ratings")
                .query((rs, n) -> new Totals(rs.getLong(1), rs.getDouble(2), rs.getLong(3)))
                .single();
    }

    @Override
    public UserActivity activityOf(String userId) {
        return jdbc.sql("SELECT COUNT(*), MIN(r.ts), MAX(r.ts) FROM users u JOIN ratings r ON r.user_key = u.user_key"
                        + " WHERE u.external_id = ?")
                .param(userId)
                .query((rs, n) -> new UserActivity(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    @Override
    public ItemStats statsOf(String itemId) {
        return jdbc.sql("SELECT COUNT(*), AVG(CAST(r.rating AS DOUBLE PRECISION)) FROM ratings r"
                        + " JOIN items i ON i.item_key = r.item_key WHERE i.external_id = ?")
                .param(itemId)
                .query((rs, n) -> new ItemStats(rs.getLong(1), rs.getObject(2) == null ? null : rs.getDouble(2)))
                .single();
    }
}
