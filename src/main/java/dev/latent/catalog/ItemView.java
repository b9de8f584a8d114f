package dev.latent.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An item as {@code GET /items/{itemId}} shows it: its catalogue entry (defaults for an item known only from
 * ratings), when it entered the catalogue and last changed, and, on the single-item read, its rating count
 * and mean.
 */
@Schema(name = "Item")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemView(
        @Schema(example = "50") String itemId,
        @Schema(example = "[\"Action\", \"Sci-Fi\"]", description = "sorted") List<String> categories,
        @Schema(example = "{\"title\": \"Star Wars (1977)\"}") JsonNode labels,
        boolean hidden,
        Instant availableFrom,
        Instant availableUntil,
        @Schema(description = "when it entered the catalogue; absent for an item known only from ratings")
        Instant catalogedAt,
        Instant updatedAt,
        @Schema(description = "single-item read only") Long ratingCount,
        @Schema(description = "single-item read only; absent without ratings") Double meanRating) {
}
