package dev.latent.serving;

import dev.latent.catalog.CatalogFixtures;
import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.Popularity;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.IdIndex;
import dev.latent.model.ModelHolder;
import dev.latent.model.ModelInfo;
import dev.latent.model.RatedItems;
import dev.latent.model.ServedModel;
import dev.latent.ratings.RatingReads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serving's moving parts wired by hand, without Spring or a database, over a small hand-built model: rank 2,
 * users u0..u2, items i0..i5 whose first factor is 5, 4, 3, 2, 1, 0 (second 0), no biases, so a user with factor
 * (1, 0) ranks them i0, i1, ..., i5. The store's current ratings are a map ({@link #rate}); the popular list of the
 * store (no model yet) is a fixed list.
 */
final class ServingFixture {

    static final String[] USERS = {"u0", "u1", "u2"};
    static final String[] ITEMS = {"i0", "i1", "i2", "i3", "i4", "i5"};
    /** Rating counts in the training snapshot: the popular order is i4, i5, i1, i2, i0, i3. */
    static final int[] COUNTS = {1, 3, 2, 0, 5, 4};

    /** The store's ratings now, by user id, in insertion order. */
    final Map<String, Map<String, Float>> store = new HashMap<>();
    /** How often the store was asked for a user's ratings. */
    final AtomicInteger reads = new AtomicInteger();
    /** The exclusions the service passed to the store's popular list (no model). */
    final List<Collection<String>> storePopularAsked = new ArrayList<>();
    final List<RecommendationService.Scored> storePopular = List.of(new RecommendationService.Scored("s1", 9),
            new RecommendationService.Scored("s2", 7));

    final ModelHolder holder = new ModelHolder();
    final LiveChanges changes = new LiveChanges();
    final FoldInCache cache;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Folding folding = new Folding();
    /** The store's read port over {@link #store}; the store's popular list is {@link #popularity}'s. */
    final RatingReads ratingReads = new RatingReads() {
        @Override
        public UserRatings ofUser(String userId) {
            reads.incrementAndGet();
            Map<String, Float> r = store.getOrDefault(userId, Map.of());
            String[] ids = r.keySet().toArray(new String[0]);
            float[] values = new float[ids.length];
            for (int k = 0; k < ids.length; k++) {
                values[k] = r.get(ids[k]);
            }
            return new UserRatings(ids, values);
        }

        @Override
        public boolean any() {
            return store.values().stream().anyMatch(r -> !r.isEmpty());
        }

        @Override
        public List<ItemCount> mostRated(ItemCondition items, long sinceMillis, int limit) {
            throw new UnsupportedOperationException("the fixture's store popular list is fixed");
        }

        @Override
        public Totals totals() {
            throw new UnsupportedOperationException();
        }

        @Override
        public UserActivity activityOf(String userId) {
            throw new UnsupportedOperationException("serving does not read rating times");
        }

        @Override
        public ItemStats statsOf(String itemId) {
            throw new UnsupportedOperationException("serving does not read item statistics");
        }
    };
    final StorePopularity popularity = new StorePopularity(ratingReads) {
        @Override
        public List<RecommendationService.Scored> top(ListRules rules, Collection<String> rated, long sinceMillis) {
            storePopularAsked.add(List.copyOf(rated));
            return storePopular.stream().filter(s -> !rated.contains(s.itemId())).toList();
        }
    };
    final RecommendationService service;
    final ServingMetrics metrics;
    final ExplanationCache systems;
    final ScoreExplainer explainer;

    ServingFixture() {
        this(100_000);
    }

    ServingFixture(int cacheSize) {
        this(cacheSize, 64L << 20);
    }

    /** @param systemBytes the bound of the explanation cache (0: off) */
    ServingFixture(int cacheSize, long systemBytes) {
        cache = new FoldInCache(changes, cacheSize);
        systems = new ExplanationCache(changes, systemBytes);
        metrics = new ServingMetrics(registry, holder, cache, systems);
        explainer = new ScoreExplainer(ratingReads, folding, changes, systems);
        service = new RecommendationService(holder, changes, cache, ratingReads, folding, popularity,
                CatalogFixtures.masksOverAnEmptyCatalogue(), explainer, CatalogFixtures.emptyView(), metrics);
    }

    /**
     * Model {@code version} as the trainer would have made it from the store now: u0 has factor (1, 0) and rated
     * i1; u1 has (0, 1) and rated i0 and i2; u2 has (-1, 0) and rated nothing it still has. Its change sequence is
     * the current one (it reflects every change so far).
     */
    ServedModel model(long version) {
        int rank = 2;
        float[] itemFactors = new float[ITEMS.length * rank];
        for (int i = 0; i < ITEMS.length; i++) {
            itemFactors[i * rank] = 5 - i;
        }
        float[] userFactors = {1, 0, 0, 1, -1, 0};
        FactorModel f = FactorModel.withoutBiases(rank, USERS.length, ITEMS.length, userFactors, itemFactors);
        RatedItems rated = new RatedItems(new int[] {0, 1, 3, 3}, new int[] {1, 0, 2});
        float[] means = new float[ITEMS.length];
        java.util.Arrays.fill(means, 3f);
        ModelInfo info = new ModelInfo("als", rank, new LinkedHashMap<>(), USERS.length, ITEMS.length, 3, Map.of());
        return new ServedModel(version, Instant.EPOCH, info, f, f, IdIndex.of(USERS.clone()), IdIndex.of(ITEMS.clone()),
                Popularity.of(COUNTS, means), rated, new FoldInRecipe(FoldInRecipe.RatingSolve.of(AlsConfig.DEFAULTS), null),
                changes.sequence());
    }

    /**
     * Model {@code version} with an implicit-ALS ranking model of rank 3 beside the rating model of
     * {@link #model}: item and user factors drawn from {@code seed}, λ = 0.5, confidence 1 + 3·max(0, r − 3)
     * (the defaults' form), the rating values kept (model format 4). u0 rated i1 (5); u1 rated i0 (4), i2 (5)
     * and i3 (2); u2 nothing.
     */
    ServedModel implicitModel(long version, long seed) {
        ServedModel rating = model(version);
        int rank = 3;
        java.util.Random rnd = new java.util.Random(seed);
        float[] itemFactors = new float[ITEMS.length * rank];
        for (int i = 0; i < itemFactors.length; i++) {
            itemFactors[i] = (float) rnd.nextGaussian();
        }
        float[] userFactors = new float[USERS.length * rank];
        for (int i = 0; i < userFactors.length; i++) {
            userFactors[i] = (float) rnd.nextGaussian();
        }
        FactorModel ranking = FactorModel.withoutBiases(rank, USERS.length, ITEMS.length, userFactors, itemFactors);
        RatedItems rated = new RatedItems(new int[] {0, 1, 4, 4}, new int[] {1, 0, 2, 3}, new float[] {5, 4, 5, 2});
        FoldInRecipe recipe = new FoldInRecipe(FoldInRecipe.RatingSolve.of(AlsConfig.DEFAULTS),
                FoldInRecipe.RankingSolve.of(dev.latent.factorization.ImplicitAlsConfig.DEFAULTS.withRank(rank)
                        .withLambda(0.5)));
        return new ServedModel(version, Instant.EPOCH, rating.info(), rating.rating(), ranking, rating.users(),
                rating.items(), rating.popularity(), rated, recipe, changes.sequence());
    }

    /** Serves {@link #implicitModel}. */
    ServedModel serveImplicit(long version, long seed) {
        ServedModel m = implicitModel(version, seed);
        holder.swap(m);
        return m;
    }

    /** Serves model {@code version}. */
    ServedModel serve(long version) {
        ServedModel m = model(version);
        holder.swap(m);
        return m;
    }

    /** Stores a rating (the write path's commit) without telling serving; see {@link #changed}. */
    void rate(String user, String item, float value) {
        store.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(item, value);
    }

    /** What the write path tells serving after its commit. */
    void changed(String user) {
        changes.usersChanged(List.of(user), 0);
    }

    /** The group, context and similar-user lists over the same parts. */
    UserLists userLists() {
        return new UserLists(service, ratingReads, folding, changes);
    }

    double cacheHits() {
        return registry.get("latent.serving.foldin.cache.hits").counter().count();
    }

    double userFoldIns() {
        return registry.get("latent.serving.foldins").tag("source", "user").counter().count();
    }

    static List<String> ids(RecommendationService.Ranked r) {
        return r.items().stream().map(RecommendationService.Scored::itemId).toList();
    }
}
