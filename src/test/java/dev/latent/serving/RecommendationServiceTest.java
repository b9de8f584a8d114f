package dev.latent.serving;

import static dev.latent.serving.ServingFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latent.model.ServedModel;
import dev.latent.web.NoModelException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link RecommendationService} over a hand-built model ({@link ServingFixture}: no Spring, no database): which
 * items a list leaves out, paging through one ranking, the popular fallback with and without a model, and the
 * strategy a user is seen with after writes.
 */
class RecommendationServiceTest {

    private final ServingFixture f = new ServingFixture();

    @Test
    void aModelUserIsRankedByTheModelWithoutTheItemsTheyRated() {
        f.serve(1);
        RecommendationService.Ranked r = f.service.recommend("u0", ListRules.top(10), false, false);
        assertThat(r.strategy()).isEqualTo(Strategy.MODEL);
        assertThat(r.modelVersion()).isEqualTo(1L);
        assertThat(ids(r)).containsExactly("i0", "i2", "i3", "i4", "i5");
        assertThat(r.items().get(0).score()).isEqualTo(5f);
        assertThat(ids(f.service.recommend("u0", ListRules.top(10), true, false)))
                .as("includeRated").containsExactly("i0", "i1", "i2", "i3", "i4", "i5");
        assertThat(f.reads).as("a model user is answered without reading the store").hasValue(0);
    }

    @Test
    void excludedAndDeletedItemsAreLeftOut() {
        f.serve(1);
        f.changes.itemDeleted("i0", 0);
        ListRules rules = new ListRules(List.of(), List.of("i3", "unknown"), 0, 10);
        assertThat(ids(f.service.recommend("u0", rules, false, false))).containsExactly("i2", "i4", "i5");
        assertThat(ids(f.service.recommend("u0", rules, true, false))).containsExactly("i1", "i2", "i4", "i5");
        assertThat(ids(f.service.popular(ListRules.top(10)))).doesNotContain("i0");
        assertThat(ids(f.service.similar("i1", ListRules.top(10)))).doesNotContain("i0", "i1");
        assertThat(f.service.similar("i0", ListRules.top(10))).as("a deleted item has no similar items").isNull();
        assertThat(f.service.similar("i1", ListRules.top(10)))
                .as("an item the model knows and that was not deleted has a list").isNotNull();
        RecommendationService.Predicted p = f.service.predict("u0", List.of("i0", "i1"), 0.5f, 5f).get(1);
        assertThat(f.service.predict("u0", List.of("i0"), 0.5f, 5f).get(0).rating()).isNull();
        assertThat(p.rating()).as("clipped to the scale").isEqualTo(4f);
    }

    @Test
    void pagesAreSlicesOfOneRanking() {
        f.serve(1);
        List<String> all = ids(f.service.recommend("u0", ListRules.top(10), false, false));
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < all.size(); offset += 2) {
            paged.addAll(ids(f.service.recommend("u0", new ListRules(List.of(), List.of(), offset, 2), false, false)));
        }
        assertThat(paged).isEqualTo(all);
        assertThat(ids(f.service.recommend("u0", new ListRules(List.of(), List.of(), 5, 2), false, false)))
                .as("past the end").isEmpty();
        assertThat(ids(f.service.popular(new ListRules(List.of(), List.of(), 1, 3)))).containsExactly("i5", "i1", "i2");
    }

    @Test
    void aUserWithoutRatingsGetsThePopularListOfTheModel() {
        f.serve(1);
        RecommendationService.Ranked r = f.service.recommend("newcomer", ListRules.top(10), false, false);
        assertThat(r.strategy()).isEqualTo(Strategy.POPULAR);
        assertThat(ids(r)).containsExactly("i4", "i5", "i1", "i2", "i0", "i3");
        assertThat(ids(f.service.recommend("newcomer", new ListRules(List.of(), List.of("i5"), 0, 3), false, false)))
                .containsExactly("i4", "i1", "i2");
        assertThat(ids(f.service.popular(ListRules.top(10)))).isEqualTo(ids(r));
        assertThat(f.service.popular(ListRules.top(10)).strategy()).isEqualTo(Strategy.POPULAR);
    }

    @Test
    void withoutAModelTheStoresPopularListAnswersWithoutTheUsersRatedItems() {
        f.rate("u9", "s1", 4);
        RecommendationService.Ranked r = f.service.recommend("u9", ListRules.top(10), false, false);
        assertThat(r.modelVersion()).isNull();
        assertThat(r.strategy()).isEqualTo(Strategy.POPULAR);
        assertThat(ids(r)).containsExactly("s2");
        assertThat(f.storePopularAsked.get(0)).containsExactly("s1");
        assertThat(ids(f.service.recommend("u9", ListRules.top(10), true, false))).containsExactly("s1", "s2");
        assertThat(ids(f.service.recommendAnonymous(new String[] {"s2"}, new float[] {5}, ListRules.top(10))))
                .containsExactly("s1");
        assertThat(ids(f.service.popular(ListRules.top(10)))).containsExactly("s1", "s2");
        assertThatThrownBy(() -> f.service.predict("u9", List.of("s1"), 0.5f, 5f)).isInstanceOf(NoModelException.class);
        assertThatThrownBy(() -> f.service.similar("s1", ListRules.top(10))).isInstanceOf(NoModelException.class);
    }

    @Test
    void aUserWhoRatedSinceTheModelIsFoldedInFromTheStoreAndTheirRatedItemsLeftOut() {
        ServedModel m = f.serve(1);
        f.rate("u0", "i1", 4);
        f.rate("u0", "i4", 5);
        f.changed("u0");
        RecommendationService.Ranked r = f.service.recommend("u0", ListRules.top(10), false, false);
        assertThat(r.strategy()).isEqualTo(Strategy.FOLDED_IN);
        assertThat(f.reads).hasValue(1);
        FoldedUser solved = f.folding.fold(m, new String[] {"i1", "i4"}, new float[] {4, 5}, 0);
        assertThat(ids(r)).isEqualTo(rankedBy(m, solved.rankingVector(), List.of("i1", "i4")));
        assertThat(ids(r)).doesNotContain("i1", "i4").hasSize(4);
    }

    @Test
    void aDeletedUserIsNoLongerServedFromTheModel() {
        f.serve(1);
        f.changes.userDeleted("u0", 0);
        RecommendationService.Ranked r = f.service.recommend("u0", ListRules.top(10), false, false);
        assertThat(r.strategy()).as("no ratings left in the store").isEqualTo(Strategy.POPULAR);
        assertThat(ids(r)).containsExactly("i4", "i5", "i1", "i2", "i0", "i3");
    }

    @Test
    void anAnonymousVisitorIsFoldedInFromTheRatingsGivenAndNotFromTheStore() {
        ServedModel m = f.serve(1);
        RecommendationService.Ranked r = f.service.recommendAnonymous(new String[] {"i2", "nope"}, new float[] {5, 1},
                new ListRules(List.of(), List.of("i0"), 0, 10));
        assertThat(r.strategy()).isEqualTo(Strategy.FOLDED_IN);
        FoldedUser solved = f.folding.fold(m, new String[] {"i2"}, new float[] {5}, 0);
        assertThat(ids(r)).isEqualTo(rankedBy(m, solved.rankingVector(), List.of("i2", "i0")));
        assertThat(f.reads).hasValue(0);
        assertThat(f.registry.get("latent.serving.foldins").tag("source", "anonymous").counter().count()).isEqualTo(1);
    }

    @Test
    void aFoldInIsCachedUntilTheUserWritesAnItemIsDeletedOrTheModelChanges() {
        f.serve(1);
        f.rate("new", "i0", 5);
        f.changed("new");
        List<String> first = ids(f.service.recommend("new", ListRules.top(10), false, false));
        ids(f.service.recommend("new", ListRules.top(10), false, false));
        assertThat(f.reads).as("the second answer reused the fold-in").hasValue(1);
        assertThat(f.cacheHits()).isEqualTo(1);
        assertThat(f.userFoldIns()).isEqualTo(1);

        f.rate("new", "i5", 1);
        f.changed("new");
        assertThat(ids(f.service.recommend("new", ListRules.top(10), false, false))).doesNotContain("i0", "i5");
        assertThat(f.reads).as("the user wrote: solved again").hasValue(2);

        f.changes.itemDeleted("i3", 0);
        assertThat(ids(f.service.recommend("new", ListRules.top(10), false, false))).doesNotContain("i3");
        assertThat(f.reads).as("an item was deleted after the solve").hasValue(3);
        f.service.recommend("new", ListRules.top(10), false, false);
        assertThat(f.reads).hasValue(3);

        f.serve(2);
        RecommendationService.Ranked r = f.service.recommend("new", ListRules.top(10), false, false);
        assertThat(r.modelVersion()).isEqualTo(2L);
        assertThat(f.reads).as("a new model version: solved against its factors").hasValue(4);
        assertThat(f.cacheHits()).isEqualTo(2);
        assertThat(first).doesNotContain("i0");
    }

    @Test
    void predictionsAndExplanationsUseTheSameView() {
        f.serve(1);
        List<RecommendationService.Predicted> p = f.service.predict("u0", List.of("i0", "i4", "zz"), 0.5f, 5f);
        assertThat(p).extracting(RecommendationService.Predicted::rating).containsExactly(5f, 1f, null);
        assertThat(p).extracting(RecommendationService.Predicted::strategy).containsOnly(Strategy.MODEL);
        assertThat(f.service.explain("u0", "zz", 3)).isNull();
        f.rate("u0", "i1", 4);
        RecommendationService.Explained e = f.service.explain("u0", "i0", 3);
        assertThat(e.score()).isEqualTo(5f);
        assertThat(e.because()).extracting(ScoreExplainer.Because::itemId).containsExactly("i1");
    }

    /** Every item except {@code without}, ordered by score p · q_i (ties by index), as the service must rank. */
    private static List<String> rankedBy(ServedModel m, float[] p, List<String> without) {
        float[] scores = new float[m.items().size()];
        m.ranking().scoreAll(0f, p, scores);
        return IntStream.range(0, scores.length).boxed()
                .filter(i -> !without.contains(m.items().id(i)))
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i))
                .map(i -> m.items().id(i)).toList();
    }
}
