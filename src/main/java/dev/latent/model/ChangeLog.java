package dev.latent.model;

/**
 * The numbered log of store changes that serving applies on top of the served model (implemented by
 * {@code serving.LiveChanges}). Training only needs its position: it notes {@link #sequence()} before it
 * reads a snapshot, stamps the model with it, and once the model is served drops what it reflects.
 */
public interface ChangeLog {

    /** The number of the newest change seen. */
    long sequence();

    /** Drops every entry the model trained on the snapshot numbered {@code seq} already reflects. */
    void forgetUpTo(long seq);

    /**
     * Notes users and items deleted in the store (read back from its tombstones) as changes newer than every
     * model served so far: a model loaded after them, whose snapshot may predate them, never serves them.
     * {@code feedBound} is a change-feed number at or above their rows' (read before the tombstones).
     */
    void markDeleted(java.util.Collection<String> userIds, java.util.Collection<String> itemIds, long feedBound);

    /**
     * For a model loaded from the store whose snapshot saw the feed rows {@code mark}: renumbers the changes it
     * does not reflect above the returned number, which the model is to be stamped with; then
     * {@link #forgetUpTo(long)} of that number drops the ones it reflects.
     */
    long rebase(FeedMark mark);
}
