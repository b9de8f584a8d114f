package dev.latent.serving;

import dev.latent.catalog.ItemCategories;
import dev.latent.ratings.RatingReads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The popular list straight from the store (rating count per item), for the time before the first model
 * is trained: a new installation still answers recommendations with {@code strategy: popular}.
 */
@Component
public class StorePopularity {

    private final RatingReads reads;

    public StorePopularity(RatingReads reads) {
        this.reads = reads;
    }

    /**
     * A page of the most-rated items under the rules, leaving out the ids in {@code rated}. The catalogue
     * rules (hidden, window, categories) are conditions of the query, so a page is never short because
     * filtered rows were fetched; exclusions are skipped after it, over limit + exclusions rows.
     */
    public List<RecommendationService.Scored> top(ListRules rules, Collection<String> rated) {
        return top(rules, rated, Long.MIN_VALUE);
    }

    /**
     * As {@link #top(ListRules, Collection)} counting only ratings at or after {@code sinceMillis}: what is
     * popular lately. Scans the ratings of the window (the table has no time index): about 20 ms per 100k
     * ratings on H2.
     */
    public List<RecommendationService.Scored> top(ListRules rules, Collection<String> rated, long sinceMillis) {
        Set<String> skip = new HashSet<>(rules.exclude());
        skip.addAll(rated);
        long now = System.currentTimeMillis();
        // the catalogue's rules as a condition on the item row
        StringBuilder items = new StringBuilder("i.hidden = FALSE"
                + " AND (i.available_from IS NULL OR i.available_from <= ?)"
                + " AND (i.available_until IS NULL OR i.available_until > ?)");
        List<Object> args = new ArrayList<>(List.of(now, now));
        if (!rules.categories().isEmpty()) {
            items.append(" AND ").append(ItemCategories.anyOf("i.categories", rules.categories().size()));
            rules.categories().forEach(c -> args.add(ItemCategories.parameter(c)));
        }
        List<RecommendationService.Scored> out = new ArrayList<>(rules.limit());
        reads.mostRated(new RatingReads.ItemCondition(items.toString(), args), sinceMillis,
                        rules.offset() + rules.limit() + skip.size())
                .stream()
                .map(c -> new RecommendationService.Scored(c.itemId(), c.count()))
                .filter(s -> !skip.contains(s.itemId()))
                .skip(rules.offset())
                .limit(rules.limit())
                .forEach(out::add);
        return out;
    }
}
