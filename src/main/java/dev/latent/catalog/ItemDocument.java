package dev.latent.catalog;

import java.util.List;

/**
 * One item's catalogue entry as validated from a client: what {@code PUT /items/{itemId}} stores whole.
 *
 * @param itemId         the client's id
 * @param categories     distinct category ids, in the client's order
 * @param labels         the labels object as compact JSON text, or null for none
 * @param hidden         never recommended while true
 * @param availableFrom  epoch millis from which it may be recommended, or null
 * @param availableUntil epoch millis from which it may no longer be recommended, or null
 */
public record ItemDocument(String itemId, List<String> categories, String labels, boolean hidden,
                           Long availableFrom, Long availableUntil) {
}
