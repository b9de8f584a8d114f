package dev.latent.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.model.FeedMark;
import dev.latent.ratings.ChangeFeed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The change log on its own: numbering, and which changes a model loaded from the store reflects. */
class LiveChangesTest {

    @Test
    void aLoadedModelDropsTheChangesItsSnapshotSawAndKeepsTheOthersNewer() {
        LiveChanges changes = new LiveChanges();
        changes.usersChanged(List.of("seen"), 10);        // feed row 10: in the model's snapshot
        changes.usersChanged(List.of("inFlight"), 11);    // row 11: committing while the snapshot was taken
        changes.usersChanged(List.of("later"), 13);       // row 13: after the snapshot
        changes.itemDeleted("goneLater", 14);
        changes.userDeleted("local", ChangeFeed.NOT_RECORDED); // not in the feed: never taken as reflected
        FeedMark mark = new FeedMark(12, new long[] {11});

        long stamp = changes.rebase(mark);
        changes.forgetUpTo(stamp);

        assertThat(changes.userChangedAfter("seen", stamp)).isFalse();
        assertThat(changes.userChangedAfter("inFlight", stamp)).isTrue();
        assertThat(changes.userChangedAfter("later", stamp)).isTrue();
        assertThat(changes.itemDeletedAfter("goneLater", stamp)).isTrue();
        assertThat(changes.userDeletedAfter("local", stamp)).isTrue();
        assertThat(changes.size()).as("seen is dropped").isEqualTo(5);
    }

    @Test
    void aModelWithoutAMarkTakesTheRatingChangesButNeverTheDeletes() {
        LiveChanges changes = new LiveChanges();
        changes.usersChanged(List.of("rated"), 1);
        changes.userDeleted("deletedUser", 2);
        changes.itemDeleted("deletedItem", ChangeFeed.NOT_RECORDED);
        long stamp = changes.rebase(FeedMark.NONE);
        changes.forgetUpTo(stamp);
        assertThat(changes.userChangedAfter("rated", stamp)).isFalse();
        assertThat(changes.userChangedAfter("deletedUser", stamp)).isTrue();
        assertThat(changes.userDeletedAfter("deletedUser", stamp)).isTrue();
        assertThat(changes.itemDeletedAfter("deletedItem", stamp)).isTrue();
    }

    @Test
    void holesSurviveTheStoreText() {
        FeedMark m = FeedMark.of(50, new FeedMark(50, new long[] {47, 41}).holesText());
        assertThat(m.covers(40)).isTrue();
        assertThat(m.covers(41)).isFalse();
        assertThat(m.covers(47)).isFalse();
        assertThat(m.covers(50)).isTrue();
        assertThat(m.covers(51)).isFalse();
        assertThat(FeedMark.of(5, null).covers(5)).isTrue();
    }
}
