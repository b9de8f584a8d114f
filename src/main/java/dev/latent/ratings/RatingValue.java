package dev.latent.ratings;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code PUT /users/{userId}/ratings/{itemId}}. Fields are bound as JSON nodes so that every wrong
 * type ({@code "4.5"}, {@code true}, {@code null}) is reported by name instead of being coerced.
 */
@Schema(name = "RatingValue", description = "A rating for the user and item named by the path")
public record RatingValue(
        @Schema(implementation = Double.class, example = "4.5", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "finite, within latent.ratings.min..max (default 0.5..5.0)")
        JsonNode rating,
        @Schema(type = "string", example = "2024-05-01T12:00:00Z", nullable = true,
                description = "optional: ISO-8601 instant, or epoch seconds as a number; the server's clock when absent")
        JsonNode timestamp) {
}
