package dev.latent.ratings;

/**
 * Published after commit when {@code DELETE /users/{userId}} removed a user and all their ratings;
 * {@code feedSeq} is the number of its {@link ChangeFeed} row ({@link ChangeFeed#NOT_RECORDED}: none).
 */
public record UserDeleted(String userId, long feedSeq) {
    public UserDeleted(String userId) {
        this(userId, ChangeFeed.NOT_RECORDED);
    }
}
