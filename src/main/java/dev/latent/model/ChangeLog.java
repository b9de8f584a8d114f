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
     */
    void markDeleted(java.util.Collection<String> userIds, java.util.Collection<String> itemIds);
}
