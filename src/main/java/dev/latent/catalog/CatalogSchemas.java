package dev.latent.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The catalogue's request bodies as the OpenAPI document describes them. Only for the document: the handlers
 * read JSON nodes, so that a misspelt or unknown field is a 400 naming it instead of being dropped.
 */
public final class CatalogSchemas {

    private CatalogSchemas() {
    }

    @Schema(name = "ItemInput", description = "A catalogue entry; unknown fields are 400")
    public record ItemInput(
            @Schema(example = "50", description = "optional on PUT (must match the path), required in a batch or import")
            String itemId,
            @Schema(example = "[\"Action\", \"Sci-Fi\"]", description = "up to latent.catalog.max-categories (64) ids")
            List<String> categories,
            @Schema(example = "{\"title\": \"Star Wars (1977)\", \"price\": 9.99}",
                    description = "any JSON object of at most 16 KB: titles, images, prices")
            Map<String, Object> labels,
            @Schema(description = "never in lists while true") Boolean hidden,
            @Schema(description = "in lists from this instant (ISO-8601, or epoch seconds)") Instant availableFrom,
            @Schema(description = "in lists until before this instant") Instant availableUntil) {
    }

    @Schema(name = "UserInput", description = "A user's labels; unknown fields are 400")
    public record UserInput(@Schema(example = "{\"segment\": \"premium\", \"country\": \"DE\"}",
            description = "any JSON object") Map<String, Object> labels) {
    }
}
