package dev.latent.ratings;

/** Published after commit when {@code DELETE /users/{userId}} removed a user and all their ratings. */
public record UserDeleted(String userId) {
}
