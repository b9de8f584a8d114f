package dev.latent.ratings;

/**
 * Published after commit when {@code DELETE /items/{itemId}} removed an item and all its ratings;
 * {@code feedSeq} is the number of its {@link ChangeFeed} row ({@link ChangeFeed#NOT_RECORDED}: none).
 */
public record ItemDeleted(String itemId, long feedSeq) {
    public ItemDeleted(String itemId) {
        this(itemId, ChangeFeed.NOT_RECORDED);
    }
}
