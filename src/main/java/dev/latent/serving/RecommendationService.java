package dev.latent.serving;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.TopN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.IntPredicate;
import org.springframework.stereotype.Service;

/**
 * Answers recommendations, predictions, similar and popular items from the served model, with the
 * store's latest changes applied at once: users who rated since the model are folded in, deleted users
 * are forgotten, deleted items are never returned. Recommendations and similar items rank by the ranking
 * model; predictions come from the rating model.
 */
@Service
public class RecommendationService {

    /** One scored item of an answer. */
    public record Scored(String itemId, float score) {
    }

    /** A ranked answer: the items, how the user was seen, and the model version (null without a model). */
    public record Ranked(Long modelVersion, Strategy strategy, List<Scored> items) {
    }

    /** A predicted rating; {@code rating} is null for an item the model does not know. */
    public record Predicted(Long modelVersion, Strategy strategy, String itemId, Float rating) {
    }

    private final ModelHolder holder;
    private final LiveChanges changes;
    private final FoldInCache foldIns;
    private final UserRatingsReader userRatings;
    private final Folding folding;
    private final StorePopularity storePopularity;

    public RecommendationService(ModelHolder holder, LiveChanges changes, FoldInCache foldIns,
                                 UserRatingsReader userRatings, Folding folding, StorePopularity storePopularity) {
        this.holder = holder;
        this.changes = changes;
        this.foldIns = foldIns;
        this.userRatings = userRatings;
        this.folding = folding;
        this.storePopularity = storePopularity;
    }

    /** Top-{@code limit} items for a user. */
    public Ranked recommend(String userId, int limit, Collection<String> exclude, boolean includeRated) {
        ServedModel m = holder.current().orElse(null);
        if (m == null) {
            return new Ranked(null, Strategy.POPULAR, storePopularity.top(limit, exclude,
                    includeRated ? List.of() : Arrays.asList(userRatings.read(userId).itemIds())));
        }
        UserView user = view(m, userId);
        int[] rated = includeRated ? new int[0] : user.ratedItems();
        return top(m, user, limit, exclusions(m, exclude, rated));
    }

    /** Recommendations for a visitor without an id, from the ratings given. */
    public Ranked recommendAnonymous(String[] itemIds, float[] ratings, int limit) {
        ServedModel m = holder.current().orElse(null);
        if (m == null) {
            return new Ranked(null, Strategy.POPULAR, storePopularity.top(limit, List.of(), Arrays.asList(itemIds)));
        }
        UserView user = view(folding.fold(m, itemIds, ratings, changes.sequence()));
        return top(m, user, limit, exclusions(m, List.of(), user.ratedItems()));
    }

    /** The user's top items by the ranking model, or the popular list for a user without ratings. */
    private static Ranked top(ServedModel m, UserView user, int limit, IntPredicate excluded) {
        float[] scores;
        if (user.strategy() == Strategy.POPULAR) {
            scores = m.popularity().scores();
        } else {
            scores = new float[m.items().size()];
            m.ranking().scoreAll(0f, user.rankingVector(), scores);
        }
        return new Ranked(m.version(), user.strategy(), named(m, TopN.select(scores, limit, excluded)));
    }

    /** Predicted ratings of a user for the given items, clipped to {@code [min, max]}. */
    public List<Predicted> predict(String userId, List<String> itemIds, float min, float max) {
        ServedModel m = requireModel();
        UserView user = view(m, userId);
        FactorModel rating = m.rating();
        List<Predicted> out = new ArrayList<>(itemIds.size());
        for (String itemId : itemIds) {
            int i = m.items().index(itemId);
            if (i < 0 || changes.itemDeletedAfter(itemId, m.changeSeq())) {
                out.add(new Predicted(m.version(), user.strategy(), itemId, null));
                continue;
            }
            float r = rating.predict(user.ratingBias(), user.ratingVector(), i);
            out.add(new Predicted(m.version(), user.strategy(), itemId, Math.max(min, Math.min(max, r))));
        }
        return out;
    }

    /** Items whose ranking-model factors are nearest to the item's by cosine; null for an unknown item. */
    public Ranked similar(String itemId, int limit) {
        ServedModel m = requireModel();
        int i = m.items().index(itemId);
        if (i < 0 || changes.itemDeletedAfter(itemId, m.changeSeq())) {
            return null;
        }
        TopN.Ranked top = m.ranking().similar(i, limit, exclusions(m, List.of(), new int[0]));
        return new Ranked(m.version(), Strategy.MODEL, named(m, top));
    }

    /** The most popular items: by rating count in the served model, or straight from the store without one. */
    public Ranked popular(int limit) {
        ServedModel m = holder.current().orElse(null);
        if (m == null) {
            return new Ranked(null, Strategy.POPULAR, storePopularity.top(limit, List.of(), List.of()));
        }
        TopN.Ranked top = TopN.select(m.popularity().scores(), limit, exclusions(m, List.of(), new int[0]));
        return new Ranked(m.version(), Strategy.POPULAR, named(m, top));
    }

    /** True when the served model knows the item and it was not deleted since. */
    public boolean knowsItem(String itemId) {
        ServedModel m = holder.current().orElse(null);
        return m != null && m.items().index(itemId) >= 0 && !changes.itemDeletedAfter(itemId, m.changeSeq());
    }

    private ServedModel requireModel() {
        return holder.current().orElseThrow(NoModelException::new);
    }

    /** How model {@code m} sees the user now: its own row, a fold-in of the user's current ratings, or nobody. */
    private UserView view(ServedModel m, String userId) {
        int u = m.users().index(userId);
        if (u >= 0 && !changes.userChangedAfter(userId, m.changeSeq())) {
            FactorModel r = m.rating();
            FactorModel k = m.ranking();
            int[] rated = Arrays.copyOfRange(m.rated().items(), m.rated().ptr()[u], m.rated().ptr()[u + 1]);
            return new UserView(Strategy.MODEL, r.userBias()[u],
                    Arrays.copyOfRange(r.userFactors(), u * r.rank(), (u + 1) * r.rank()),
                    Arrays.copyOfRange(k.userFactors(), u * k.rank(), (u + 1) * k.rank()), rated);
        }
        FoldedUser f = foldIns.get(userId, m.version(), id -> {
            long seq = changes.sequence();
            UserRatingsReader.UserRatings ur = userRatings.read(id);
            return folding.fold(m, ur.itemIds(), ur.ratings(), seq);
        });
        return view(f);
    }

    private static UserView view(FoldedUser f) {
        Strategy s = f.ratedItems().length == 0 ? Strategy.POPULAR : Strategy.FOLDED_IN;
        return new UserView(s, f.ratingBias(), f.ratingVector(), f.rankingVector(), f.ratedItems());
    }

    /** Items not to return: the user's rated ones (sorted), the client's exclude list, and deleted items. */
    private IntPredicate exclusions(ServedModel m, Collection<String> exclude, int[] rated) {
        List<String> deleted = changes.itemsDeletedAfter(m.changeSeq());
        boolean[] mask = null;
        if (!exclude.isEmpty() || !deleted.isEmpty()) {
            mask = new boolean[m.items().size()];
            for (Collection<String> ids : List.of(exclude, deleted)) {
                for (String id : ids) {
                    int i = m.items().index(id);
                    if (i >= 0) {
                        mask[i] = true;
                    }
                }
            }
        }
        boolean[] finalMask = mask;
        if (finalMask == null) {
            return rated.length == 0 ? null : i -> Arrays.binarySearch(rated, i) >= 0;
        }
        return rated.length == 0 ? i -> finalMask[i] : i -> finalMask[i] || Arrays.binarySearch(rated, i) >= 0;
    }

    private static List<Scored> named(ServedModel m, TopN.Ranked top) {
        List<Scored> items = new ArrayList<>(top.size());
        for (int k = 0; k < top.size(); k++) {
            items.add(new Scored(m.items().raw(top.indices()[k]), top.scores()[k]));
        }
        return items;
    }
}
