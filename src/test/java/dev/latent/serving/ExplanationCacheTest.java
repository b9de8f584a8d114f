package dev.latent.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The cache of users' row-system factors that explanations reuse ({@link ExplanationCache}), over a hand-built
 * model with an implicit ranking model ({@link ServingFixture#implicitModel}): every step is done on two
 * fixtures, one with the cache and one with it off, and their explanations must agree bit for bit, before and
 * after each change that must invalidate a cached factor.
 */
class ExplanationCacheTest {

    private final ServingFixture cached = new ServingFixture(100_000, 64L << 20);
    private final ServingFixture uncached = new ServingFixture(100_000, 0);

    private void both(Consumer<ServingFixture> step) {
        step.accept(cached);
        step.accept(uncached);
    }

    /** Every term of every item's score for the user (limit 50), as raw float bits, and the strategy. */
    private static List<String> terms(ServingFixture f, String user) {
        List<String> out = new ArrayList<>();
        for (String item : ServingFixture.ITEMS) {
            RecommendationService.Explained e = f.service.explain(user, item, 50);
            if (e == null) {
                out.add(item + " unknown");
                continue;
            }
            out.add(item + " " + e.strategy().wire());
            for (ScoreExplainer.Because b : e.because()) {
                out.add(item + " " + b.itemId() + " -> " + Integer.toHexString(Float.floatToRawIntBits(b.weight())));
            }
        }
        RecommendationService.Ranked r = f.service.recommend(user, ListRules.top(10), false, true);
        out.add("recommended " + r.items());
        if (r.because() != null) {
            for (List<ScoreExplainer.Because> because : r.because()) {
                for (ScoreExplainer.Because b : because) {
                    out.add("because " + b.itemId() + " -> " + Integer.toHexString(Float.floatToRawIntBits(b.weight())));
                }
            }
        }
        return out;
    }

    /** The user's explanations from the cached fixture, checked equal to the uncached one's, bit for bit. */
    private List<String> agreed(String user) {
        List<String> withCache = terms(cached, user);
        assertThat(withCache).as("cached against uncached, user " + user).isEqualTo(terms(uncached, user));
        return withCache;
    }

    @Test
    void cachedAndUncachedExplanationsAreEqualBitForBit() {
        both(f -> f.serveImplicit(1, 5));
        for (String user : List.of("u0", "u1")) {
            long hits = cached.systems.hits();
            List<String> first = agreed(user);
            assertThat(cached.systems.hits()).as("a model user's explanations after the first reuse its factor")
                    .isEqualTo(hits + ServingFixture.ITEMS.length);
            assertThat(agreed(user)).isEqualTo(first);
            assertThat(first).anyMatch(t -> t.contains(" -> "));
        }
        assertThat(cached.systems.size()).isEqualTo(2);
        assertThat(cached.systems.bytes()).isPositive();
        assertThat(uncached.systems.hits()).as("the cache off keeps nothing").isZero();
        assertThat(uncached.systems.size()).isZero();
        assertThat(uncached.systems.bytes()).isZero();
        assertThat(uncached.systems.misses()).isEqualTo(cached.systems.misses() + cached.systems.hits());
    }

    /** The because lists of a recommendation with explain=true, as item ids and raw float bits. */
    private static List<String> because(ServingFixture f, String user, int limit) {
        RecommendationService.Ranked r = f.service.recommend(user, ListRules.top(limit), false, true);
        List<String> out = new ArrayList<>();
        for (int t = 0; t < r.items().size(); t++) {
            for (ScoreExplainer.Because b : r.because().get(t)) {
                out.add(r.items().get(t).itemId() + " " + b.itemId() + " -> "
                        + Integer.toHexString(Float.floatToRawIntBits(b.weight())));
            }
        }
        return out;
    }

    @Test
    void rememberedTermsAreTheComputedOnesBitForBit() {
        both(f -> f.serveImplicit(1, 5));
        for (String user : List.of("u0", "u1")) {
            assertThat(because(cached, user, 2)).isEqualTo(because(uncached, user, 2)); // builds the entry
            long remembered = cached.systems.remembered();
            long computed = cached.systems.computed();
            List<String> all = because(cached, user, 10); // the first two remembered, the others solved
            assertThat(all).isEqualTo(because(uncached, user, 10)).isNotEmpty();
            RecommendationService.Ranked r = cached.service.recommend(user, ListRules.top(10), false, false);
            int shown = r.items().size();
            assertThat(shown).isGreaterThan(2);
            assertThat(cached.systems.remembered()).isEqualTo(remembered + 2);
            assertThat(cached.systems.computed()).isEqualTo(computed + shown - 2);
            assertThat(because(cached, user, 10)).isEqualTo(all);
            assertThat(cached.systems.remembered()).as("all remembered").isEqualTo(remembered + 2 + shown);
            // one term of a remembered top 3: its first, from the memo; ten: solved again unless the user
            // rated three or fewer items (then the top 3 held them all)
            String item = r.items().get(0).itemId();
            for (int max : new int[] {1, 10}) {
                List<ScoreExplainer.Because> fromCache = cached.service.explain(user, item, max).because();
                assertThat(fromCache).hasSizeLessThanOrEqualTo(max).isNotEmpty()
                        .isEqualTo(uncached.service.explain(user, item, max).because());
                if (max == 1) {
                    assertThat(cached.systems.remembered()).isEqualTo(remembered + 2 + shown + 1);
                }
            }
        }
        assertThat(uncached.systems.remembered()).as("the cache off remembers nothing").isZero();
    }

    @Test
    void aFoldedInUsersRatingChangesChangeTheirExplanation() {
        both(f -> {
            f.serveImplicit(1, 5);
            f.rate("new", "i0", 5);
            f.rate("new", "i4", 4);
            f.changed("new");
        });
        List<String> before = agreed("new");
        assertThat(cached.systems.misses()).as("the fold-in handed its factor to the first explanation").isZero();
        assertThat(cached.systems.hits()).isPositive();
        assertThat(before).contains("i1 folded-in");

        both(f -> {
            f.rate("new", "i4", 5); // same items, another rating: other Gram weights
            f.changed("new");
        });
        List<String> rerated = agreed("new");
        assertThat(rerated).isNotEqualTo(before);

        both(f -> {
            f.rate("new", "i2", 5);
            f.changed("new");
        });
        List<String> more = agreed("new");
        assertThat(more).isNotEqualTo(rerated).anyMatch(t -> t.contains(" i2 -> "));

        both(f -> {
            f.store.get("new").remove("i0"); // a deleted rating
            f.changed("new");
        });
        List<String> fewer = agreed("new");
        assertThat(fewer).isNotEqualTo(more).noneMatch(t -> t.contains(" i0 -> "));
    }

    @Test
    void aModelSwapChangesTheExplanation() {
        both(f -> f.serveImplicit(1, 5));
        List<String> first = agreed("u1");
        agreed("u1");
        long misses = cached.systems.misses();
        both(f -> f.serveImplicit(2, 6));
        List<String> second = agreed("u1");
        assertThat(second).isNotEqualTo(first);
        assertThat(cached.systems.misses()).as("the old model's factor is not used").isEqualTo(misses + 1);
        assertThat(cached.systems.size()).as("entries of the old model are dropped").isEqualTo(1);
    }

    @Test
    void deletedItemsAndUsersAreNeverExplainedWithTheOldFactor() {
        both(f -> f.serveImplicit(1, 5));
        List<String> before = agreed("u1");
        assertThat(before).anyMatch(t -> t.contains(" i2 -> "));
        both(f -> f.changes.itemDeleted("i2", 0));
        List<String> after = agreed("u1");
        assertThat(after).isNotEqualTo(before).noneMatch(t -> t.contains(" i2 -> ")).contains("i2 unknown");

        both(f -> {
            f.store.remove("u1");
            f.changes.userDeleted("u1", 0);
        });
        List<String> deleted = agreed("u1");
        assertThat(deleted).noneMatch(t -> t.contains(" -> ")).contains("i0 popular");
    }

    @Test
    void theCacheHoldsNoMoreBytesThanItsBound() {
        both(f -> f.serveImplicit(1, 5));
        // the bytes of each user's entry, measured one at a time
        long[] sizes = new long[3];
        String[] users = {"u0", "u1", "new"};
        both(f -> {
            f.rate("new", "i0", 5);
            f.rate("new", "i4", 4);
            f.changed("new");
        });
        for (int u = 0; u < users.length; u++) {
            long held = cached.systems.bytes();
            cached.service.explain(users[u], "i5", 3);
            sizes[u] = cached.systems.bytes() - held;
            assertThat(sizes[u]).as("at least the factor's triangle, 8 k(k+1)/2 bytes").isGreaterThanOrEqualTo(8 * 6);
        }
        ServingFixture small = new ServingFixture(100_000, sizes[1] + sizes[2]);
        small.serveImplicit(1, 5);
        small.rate("new", "i0", 5);
        small.rate("new", "i4", 4);
        small.changed("new");
        for (String user : users) {
            small.service.explain(user, "i5", 3);
            assertThat(small.systems.bytes()).isLessThanOrEqualTo(small.systems.capacity());
        }
        assertThat(small.systems.size()).as("the least recently used (u0) made room").isEqualTo(2);
        assertThat(small.systems.bytes()).isEqualTo(sizes[1] + sizes[2]);
        long hits = small.systems.hits();
        small.service.explain("u1", "i5", 3);
        assertThat(small.systems.hits()).as("u1 is still cached").isEqualTo(hits + 1);
        long misses = small.systems.misses();
        small.service.explain("u0", "i5", 3);
        assertThat(small.systems.misses()).as("u0 was evicted").isEqualTo(misses + 1);
        assertThat(small.systems.bytes()).isLessThanOrEqualTo(small.systems.capacity());

        ServingFixture tiny = new ServingFixture(100_000, sizes[0] - 1);
        tiny.serveImplicit(1, 5);
        tiny.service.explain("u0", "i5", 3);
        assertThat(tiny.systems.size()).as("an entry larger than the bound is not kept").isZero();
        assertThat(tiny.systems.bytes()).isZero();
    }

    @Test
    void theSettingIsValidatedAndDefaultsToASixteenthOfTheHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(new ServingProperties(null).explanationCacheBytes()).isEqualTo(heap / 16);
        assertThat(new ServingProperties(DataSize.ofBytes(0)).explanationCacheBytes()).isZero();
        assertThat(new ServingProperties(DataSize.ofMegabytes(1)).explanationCacheBytes()).isEqualTo(1L << 20);
        assertThatThrownBy(() -> new ServingProperties(DataSize.ofBytes(-1)))
                .hasMessageContaining("latent.serving.explanation-cache-size");
        assertThatThrownBy(() -> new ServingProperties(DataSize.ofBytes(heap / 2 + 1)))
                .hasMessageContaining("latent.serving.explanation-cache-size");
    }
}
