package dev.latent.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link FoldInCache} on its own: when a cached fold-in serves, when it is solved again, and its bound. */
class FoldInCacheTest {

    private final LiveChanges changes = new LiveChanges();
    private final AtomicInteger solves = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();

    private FoldedUser get(FoldInCache cache, String user, long version) {
        return cache.get(user, version, id -> {
            solves.incrementAndGet();
            return new FoldedUser(version, 0f, new float[] {solves.get()}, new float[] {solves.get()}, new int[0], 0,
                    changes.sequence());
        }, hits::incrementAndGet);
    }

    @Test
    void theSameUserAndModelVersionIsServedFromTheCache() {
        FoldInCache cache = new FoldInCache(changes, 10);
        FoldedUser first = get(cache, "a", 1);
        assertThat(get(cache, "a", 1)).isSameAs(first);
        assertThat(get(cache, "a", 1)).isSameAs(first);
        assertThat(solves).hasValue(1);
        assertThat(hits).hasValue(2);
        assertThat(cache.size()).isEqualTo(1);
        get(cache, "b", 1);
        assertThat(solves).as("another user is solved on its own").hasValue(2);
    }

    @Test
    void anotherModelVersionIsSolvedAgainAndReplacesTheEntry() {
        FoldInCache cache = new FoldInCache(changes, 10);
        FoldedUser v1 = get(cache, "a", 1);
        FoldedUser v2 = get(cache, "a", 2);
        assertThat(v2).isNotSameAs(v1);
        assertThat(v2.modelVersion()).isEqualTo(2);
        assertThat(get(cache, "a", 2)).isSameAs(v2);
        assertThat(get(cache, "a", 1)).as("the old version is gone, not kept beside").isNotSameAs(v1);
        assertThat(solves).hasValue(3);
        assertThat(hits).hasValue(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aWriteOfTheUserOrADeletedItemAfterTheSolveInvalidates() {
        FoldInCache cache = new FoldInCache(changes, 10);
        get(cache, "a", 1);
        get(cache, "b", 1);
        changes.usersChanged(List.of("a"), 0);
        get(cache, "a", 1);
        get(cache, "b", 1);
        assertThat(solves).as("only a was solved again").hasValue(3);
        changes.itemDeleted("i1", 0);
        get(cache, "a", 1);
        get(cache, "b", 1);
        assertThat(solves).as("a deleted item invalidates every fold-in solved before it").hasValue(5);
        get(cache, "a", 1);
        get(cache, "b", 1);
        assertThat(solves).hasValue(5);
        changes.userDeleted("b", 0);
        get(cache, "b", 1);
        assertThat(solves).hasValue(6);
    }

    @Test
    void aSolveThatRacedWithAWriteIsNotReused() {
        FoldInCache cache = new FoldInCache(changes, 10);
        // the solve read the change sequence, then the user wrote before the ratings were read
        cache.get("a", 1, id -> {
            FoldedUser f = new FoldedUser(1, 0f, new float[0], new float[0], new int[0], 0, changes.sequence());
            changes.usersChanged(List.of("a"), 0);
            return f;
        }, hits::incrementAndGet);
        get(cache, "a", 1);
        assertThat(hits).hasValue(0);
        assertThat(solves).hasValue(1);
    }

    @Test
    void pastItsBoundItStartsOver() {
        FoldInCache cache = new FoldInCache(changes, 3);
        for (String u : List.of("a", "b", "c")) {
            get(cache, u, 1);
        }
        assertThat(cache.size()).isEqualTo(3);
        get(cache, "d", 1);
        assertThat(cache.size()).isEqualTo(1);
        get(cache, "d", 1);
        get(cache, "a", 1);
        assertThat(solves).as("d cached, a solved again").hasValue(5);
        assertThat(hits).hasValue(1);
    }
}
