package dev.latent.ratings;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A rating as stored. */
@Schema(name = "StoredRating")
public record StoredRating(
        @Schema(example = "alice") String userId,
        @Schema(example = "tt0133093") String itemId,
        @Schema(example = "4.5") float rating,
        @Schema(example = "2024-05-01T12:00:00Z") Instant timestamp) {

    StoredRating(String userId, String itemId, float rating, long timeMillis) {
        this(userId, itemId, rating, Instant.ofEpochMilli(timeMillis));
    }
}
