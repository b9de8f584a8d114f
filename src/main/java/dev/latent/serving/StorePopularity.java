package dev.latent.serving;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The popular list straight from the store (rating count per item), for the time before the first model
 * is trained: a new installation still answers recommendations with {@code strategy: popular}.
 */
@Component
public class StorePopularity {

    private final JdbcClient jdbc;

    public StorePopularity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The {@code limit} most-rated items, leaving out the ids in both collections. */
    public List<RecommendationService.Scored> top(int limit, Collection<String> exclude, Collection<String> rated) {
        Set<String> skip = new HashSet<>(exclude);
        skip.addAll(rated);
        List<RecommendationService.Scored> out = new ArrayList<>(limit);
        jdbc.sql("SELECT i.external_id, COUNT(*) AS n FROM ratings r JOIN items i ON i.item_key = r.item_key "
                        + "GROUP BY i.external_id ORDER BY n DESC, i.external_id LIMIT ?")
                .param(limit + skip.size())
                .query((rs, n) -> new RecommendationService.Scored(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .filter(s -> !skip.contains(s.itemId()))
                .limit(limit)
                .forEach(out::add);
        return out;
    }
}
