package dev.latent.ratings;

/** Published after commit when {@code DELETE /items/{itemId}} removed an item and all its ratings. */
public record ItemDeleted(String itemId) {
}
