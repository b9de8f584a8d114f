package dev.latent.ratings;

import dev.latent.web.Ids;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** Body of {@code POST /ratings} and one element of {@code POST /ratings/batch}. */
@Schema(name = "RatingEvent", description = "One rating event from a frontend")
public record RatingEvent(
        @Schema(type = "string", example = "alice", requiredMode = Schema.RequiredMode.REQUIRED,
                description = Ids.DESCRIPTION)
        JsonNode userId,
        @Schema(type = "string", example = "tt0133093", requiredMode = Schema.RequiredMode.REQUIRED,
                description = Ids.DESCRIPTION)
        JsonNode itemId,
        @Schema(implementation = Double.class, example = "4.5", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "finite, within latent.ratings.min..max (default 0.5..5.0)")
        JsonNode rating,
        @Schema(type = "string", example = "2024-05-01T12:00:00Z", nullable = true,
                description = "optional: ISO-8601 instant, or epoch seconds as a number")
        JsonNode timestamp) {
}
