package dev.latent.serving;

import dev.latent.catalog.RuleMasks;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.TopN;
import dev.latent.model.ModelHolder;
import dev.latent.model.ServedModel;

import dev.latent.ratings.RatingReads;
import dev.latent.web.NoModelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
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

    /**
     * A ranked answer: the items, how the user was seen, the model version (null without a model) and, when
     * asked for, per item the rated items that contribute most to its score (else null).
     */
    public record Ranked(Long modelVersion, Strategy strategy, List<Scored> items,
                         List<List<ScoreExplainer.Because>> because) {
        public Ranked(Long modelVersion, Strategy strategy, List<Scored> items) {
            this(modelVersion, strategy, items, null);
        }
    }

    /** One item's score for a user and its decomposition over the user's rated items. */
    public record Explained(Long modelVersion, Strategy strategy, float score, List<ScoreExplainer.Because> because) {
    }

    /** How many rated items a recommendation's explanation names. */
    static final int BECAUSE = 3;

    /** A predicted rating; {@code rating} is null for an item the model does not know. */
    public record Predicted(Long modelVersion, Strategy strategy, String itemId, Float rating) {
    }

    private static final int[] NONE = new int[0];
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private final ModelHolder holder;
    private final LiveChanges changes;
    private final FoldInCache foldIns;
    private final RatingReads userRatings;
    private final Folding folding;
    private final StorePopularity storePopularity;
    private final RuleMasks masks;
    private final ScoreExplainer explainer;
    private final dev.latent.catalog.CatalogView catalog;
    private final ServingMetrics metrics;

    public RecommendationService(ModelHolder holder, LiveChanges changes, FoldInCache foldIns,
                                 RatingReads userRatings, Folding folding, StorePopularity storePopularity,
                                 RuleMasks masks, ScoreExplainer explainer, dev.latent.catalog.CatalogView catalog,
                                 ServingMetrics metrics) {
        this.catalog = catalog;
        this.masks = masks;
        this.explainer = explainer;
        this.metrics = metrics;
        this.holder = holder;
        this.changes = changes;
        this.foldIns = foldIns;
        this.userRatings = userRatings;
        this.folding = folding;
        this.storePopularity = storePopularity;
    }

    /** A page of the user's ranking under the rules. */
    public Ranked recommend(String userId, ListRules rules, boolean includeRated, boolean explain) {
        ServedModel m = holder.current().orElse(null);
        if (m == null) {
            return new Ranked(null, Strategy.POPULAR, storePopularity.top(rules,
                    includeRated ? List.of() : Arrays.asList(userRatings.ofUser(userId).itemIds())));
        }
        UserView user = view(m, userId, explain);
        Ranked r = top(m, user, rules, includeRated ? NONE : user.ratedItems());
        if (!explain || user.strategy() == Strategy.POPULAR) {
            return r;
        }
        int[] targets = new int[r.items().size()];
        for (int k = 0; k < targets.length; k++) {
            targets[k] = m.items().index(r.items().get(k).itemId());
        }
        return new Ranked(r.modelVersion(), r.strategy(), r.items(),
                explainer.explain(m, userId, user, targets, BECAUSE));
    }

    /** The user's ranking score of one item and all its terms, largest first; null for an unknown item. */
    public Explained explain(String userId, String itemId, int max) {
        ServedModel m = requireModel();
        int i = m.items().index(itemId);
        if (i < 0 || changes.itemDeletedAfter(itemId, m.changeSeq())) {
            return null;
        }
        UserView user = view(m, userId, true);
        float score = m.ranking().predict(0f, user.rankingVector(), i);
        List<ScoreExplainer.Because> because = user.strategy() == Strategy.POPULAR ? List.of()
                : explainer.explain(m, userId, user, new int[] {i}, max).get(0);
        return new Explained(m.version(), user.strategy(), score, because);
    }

    /** Recommendations for a visitor without an id, from the ratings given. */
    public Ranked recommendAnonymous(String[] itemIds, float[] ratings, ListRules rules) {
        ServedModel m = holder.current().orElse(null);
        if (m == null) {
            return new Ranked(null, Strategy.POPULAR, storePopularity.top(rules, Arrays.asList(itemIds)));
        }
        metrics.foldedIn(true);
        UserView user = view(folding.fold(m, itemIds, ratings, changes.sequence()));
        return top(m, user, rules, user.ratedItems());
    }

    /**
     * The user's ranking by the ranking model (the popular list for a user without ratings), among the items
     * the rules allow: the candidate mask of the catalogue rules goes into top-N selection, and the
     * request's own exclusions (rated, exclude, deleted since the model) are NaN marks.
     */
    Ranked top(ServedModel m, UserView user, ListRules rules, int[] rated) {
        int n = m.items().size();
        float[] scores = scratch(n);
        if (user.strategy() == Strategy.POPULAR) {
            System.arraycopy(m.popularity().scores(), 0, scores, 0, n);
        } else {
            m.ranking().scoreAll(0f, user.rankingVector(), scores);
        }
        for (int i : rated) {
            scores[i] = Float.NaN;
        }
        leaveOut(m, scores, rules.exclude());
        return new Ranked(m.version(), user.strategy(), named(m, select(m, scores, rules)));
    }

    TopN.Ranked select(ServedModel m, float[] scores, ListRules rules) {
        long[] allowed = masks.candidates(m.items(), rules.categories(), System.currentTimeMillis());
        return TopN.select(scores, m.items().size(), allowed, rules.offset(), rules.limit());
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
    public Ranked similar(String itemId, ListRules rules) {
        ServedModel m = requireModel();
        int i = m.items().index(itemId);
        if (i < 0 || changes.itemDeletedAfter(itemId, m.changeSeq())) {
            return null;
        }
        float[] sims = m.ranking().similarities(i, scratch(m.items().size()));
        sims[i] = Float.NaN;
        leaveOut(m, sims, rules.exclude());
        return new Ranked(m.version(), Strategy.MODEL, named(m, select(m, sims, rules)));
    }

    /** The most popular items: by rating count in the served model, or straight from the store without one. */
    public Ranked popular(ListRules rules) {
        ServedModel m = holder.current().orElse(null);
        if (m == null) {
            return new Ranked(null, Strategy.POPULAR, storePopularity.top(rules, List.of()));
        }
        int n = m.items().size();
        float[] scores = scratch(n);
        System.arraycopy(m.popularity().scores(), 0, scores, 0, n);
        leaveOut(m, scores, rules.exclude());
        return new Ranked(m.version(), Strategy.POPULAR, named(m, select(m, scores, rules)));
    }

    /** The most-rated items among the ratings of the last {@code window}, under the rules (from the store). */
    public Ranked trending(ListRules rules, java.time.Duration window) {
        ServedModel m = holder.current().orElse(null);
        return new Ranked(m == null ? null : m.version(), Strategy.POPULAR,
                storePopularity.top(rules, List.of(), System.currentTimeMillis() - window.toMillis()));
    }

    /**
     * The newest catalogued items by catalogue time under the rules. Walks the catalogue view newest first
     * and stops at the page's end.
     */
    public List<dev.latent.catalog.ItemRules> latest(ListRules rules) {
        long now = System.currentTimeMillis();
        java.util.Set<String> wanted = new java.util.HashSet<>(rules.categories());
        java.util.Set<String> skip = new java.util.HashSet<>(rules.exclude());
        List<dev.latent.catalog.ItemRules> out = new ArrayList<>(rules.limit());
        int seen = 0;
        for (dev.latent.catalog.ItemRules item : catalog.newestFirst()) {
            if (!item.visibleAt(now) || skip.contains(item.itemId())
                    || (!wanted.isEmpty() && !item.inAnyOf(wanted))) {
                continue;
            }
            if (seen++ >= rules.offset()) {
                out.add(item);
                if (out.size() == rules.limit()) {
                    break;
                }
            }
        }
        return out;
    }

    ServedModel requireModel() {
        return holder.current().orElseThrow(NoModelException::new);
    }

    /** How model {@code m} sees the user now: its own row, a fold-in of the user's current ratings, or nobody. */
    UserView view(ServedModel m, String userId) {
        return view(m, userId, false);
    }

    /**
     * As {@link #view(ServedModel, String)}; {@code explaining}: the view is for an explanation, so a fold-in
     * done for it hands the factor of its ranking system to the explainer's cache instead of leaving the
     * explanation to build the same one again.
     */
    UserView view(ServedModel m, String userId, boolean explaining) {
        long seq = changes.sequence();
        int u = m.users().index(userId);
        if (u >= 0 && !changes.userChangedAfter(userId, m.changeSeq())) {
            FactorModel r = m.rating();
            FactorModel k = m.ranking();
            int from = m.rated().ptr()[u];
            int to = m.rated().ptr()[u + 1];
            int[] rated = Arrays.copyOfRange(m.rated().items(), from, to);
            float[] values = m.rated().values() == null ? null : Arrays.copyOfRange(m.rated().values(), from, to);
            return new UserView(Strategy.MODEL, r.userBias()[u],
                    Arrays.copyOfRange(r.userFactors(), u * r.rank(), (u + 1) * r.rank()),
                    Arrays.copyOfRange(k.userFactors(), u * k.rank(), (u + 1) * k.rank()), rated, values, seq);
        }
        FoldedUser f = foldIns.get(userId, m.version(), id -> {
            metrics.foldedIn(false);
            long read = changes.sequence();
            RatingReads.UserRatings ur = userRatings.ofUser(id);
            return folding.fold(m, ur.itemIds(), ur.ratings(), read,
                    explaining ? (folded, system) -> explainer.offer(m, id, view(folded), system) : null);
        }, metrics::cacheHit);
        return view(f);
    }

    static UserView view(FoldedUser f) {
        Strategy s = f.ratedItems().length == 0 ? Strategy.POPULAR : Strategy.FOLDED_IN;
        return new UserView(s, f.ratingBias(), f.ratingVector(), f.rankingVector(), f.ratedItems(), f.ratedValues(),
                f.changeSeq());
    }

    /**
     * Marks the items not to return with NaN, which top-N selection skips: the client's exclude list and the
     * items deleted since the model was trained. One write per left-out item instead of a test per candidate.
     */
    void leaveOut(ServedModel m, float[] scores, Collection<String> exclude) {
        for (Collection<String> ids : List.of(exclude, changes.itemsDeletedAfter(m.changeSeq()))) {
            for (String id : ids) {
                int i = m.items().index(id);
                if (i >= 0) {
                    scores[i] = Float.NaN;
                }
            }
        }
    }

    /**
     * This request thread's score buffer of at least {@code n} floats, reused across requests (a catalogue's
     * scores are written whole before they are read, so nothing leaks from one request to the next).
     */
    private static float[] scratch(int n) {
        float[] b = SCRATCH.get();
        if (b.length < n) {
            b = new float[n];
            SCRATCH.set(b);
        }
        return b;
    }

    static List<Scored> named(ServedModel m, TopN.Ranked top) {
        List<Scored> items = new ArrayList<>(top.size());
        for (int k = 0; k < top.size(); k++) {
            items.add(new Scored(m.items().id(top.indices()[k]), top.scores()[k]));
        }
        return items;
    }
}
