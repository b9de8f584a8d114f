package dev.latent.training;

import dev.latent.factorization.FactorModel;
import dev.latent.model.ChangeLog;
import dev.latent.model.FeedMark;
import dev.latent.model.ModelHolder;
import dev.latent.model.ServedModel;
import dev.latent.model.store.ModelStore;
import dev.latent.ratings.ChangeFeed;
import dev.latent.ratings.TombstonePruning;
import dev.latent.ratings.Tombstones;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The one way into (and out of) serving: a trained model is stored (with its measured fit, the next gate's
 * reference) and then swapped in; a model loaded from the store is swapped in; an empty store retires the
 * served model. Each time it drops the live changes the new model already reflects and remembers the
 * fingerprint of the ratings it was trained on (the scheduled check compares against it).
 */
@Component
public class ModelPublisher {

    /**
     * Tombstones are kept this long past the start of the run whose snapshot excludes them (a delete commits
     * within a lock timeout of writing its tombstone), and polled with this overlap ({@link TombstonePruning}).
     */
    static final Duration TOMBSTONE_WINDOW = TombstonePruning.WINDOW;

    private final ModelStore store;
    private final ModelHolder holder;
    private final ChangeLog changes;
    private final Tombstones tombstones;
    private final ChangeFeed feed;
    private final FeedPruner pruner;
    private volatile String servedFingerprint;

    public ModelPublisher(ModelStore store, ModelHolder holder, ChangeLog changes, Tombstones tombstones,
                          ChangeFeed feed, FeedPruner pruner) {
        this.feed = feed;
        this.pruner = pruner;
        this.store = store;
        this.holder = holder;
        this.changes = changes;
        this.tombstones = tombstones;
    }

    /** The fingerprint of the ratings the served model was trained on (null: none, or retired by another). */
    public String servedFingerprint() {
        return servedFingerprint;
    }

    /** The version a new model takes: above every stored and served one. */
    public long nextVersion() {
        return Math.max(store.latestVersion().orElse(0L), holder.current().map(ServedModel::version).orElse(0L)) + 1;
    }

    /**
     * Stores {@code model} (trained by run {@code runId} on the snapshot with {@code fingerprint}, started at
     * {@code runStart}) and its measured fit when there is one, then serves it.
     */
    public void publish(ServedModel model, long runId, String fingerprint, FeedMark mark, FactorModel measuredRating,
                        FactorModel measuredRanking, Instant runStart) {
        store.save(model, runId, fingerprint, mark);
        if (measuredRating != null) {
            store.saveReference(model, measuredRating, measuredRanking);
        }
        holder.swap(model);
        changes.forgetUpTo(model.changeSeq());
        servedFingerprint = fingerprint;
        tombstones.pruneBefore(TombstonePruning.keepFrom(runStart));
        // the change-feed rows every stored model reflects, older than the window (FeedPruner)
        pruner.pruneBefore(runStart.minus(TOMBSTONE_WINDOW));
    }

    /**
     * Every rating is gone (users deleted, items deleted): drops every stored model and serves none, so nothing
     * is answered from a model of deleted data, not even after a restart.
     */
    public void retireAll(long changeSeq, String fingerprint, Instant runStart) {
        store.deleteAll();
        holder.retire();
        changes.forgetUpTo(changeSeq);
        servedFingerprint = fingerprint;
        tombstones.pruneBefore(TombstonePruning.keepFrom(runStart));
        if (feed.enabled()) {
            feed.pruneUpTo(Long.MAX_VALUE, runStart.minus(TOMBSTONE_WINDOW));
        }
    }

    /**
     * Serves a model loaded from the store (trained here before a restart, by another instance, or by the
     * Spark job): the changes held here that its snapshot did not see stay newer than it, the others go.
     */
    public void serveStored(ModelStore.Stored stored) {
        long stamp = changes.rebase(stored.feedMark());
        if (holder.swap(stored.model().withChangeSeq(stamp))) {
            changes.forgetUpTo(stamp);
        }
        servedFingerprint = stored.fingerprint();
    }

    /** The store holds no model any more (another instance retired it): serves none. */
    public void retireServed() {
        holder.retire();
        servedFingerprint = null;
    }
}
