package dev.latent.serving;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads one user's current ratings from the store, for fold-in. One indexed query (primary-key prefix). */
@Component
public class UserRatingsReader {

    /** A user's ratings as parallel arrays of client item ids and values. */
    public record UserRatings(String[] itemIds, float[] ratings) {
        public int size() {
            return itemIds.length;
        }
    }

    private record Row(String itemId, float rating) {
    }

    private final JdbcClient jdbc;

    public UserRatingsReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public UserRatings read(String userId) {
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
}
