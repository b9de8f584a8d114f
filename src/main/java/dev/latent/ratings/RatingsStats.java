package dev.latent.ratings;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /stats}. {@code density} is ratings / (users × items). The histogram counts ratings in half-point
 * buckets {@code [from, from + 0.5)}. {@code changeCounter} is {@link RatingsChangeCounter#current()}.
 */
@Schema(name = "RatingsStats")
public record RatingsStats(
        @Schema(example = "943") long users,
        @Schema(example = "1682") long items,
        @Schema(example = "100000") long ratings,
        @Schema(example = "0.063") double density,
        List<Bucket> histogram,
        @Schema(example = "1998-04-22T23:10:38Z", nullable = true) Instant newestRating,
        @Schema(example = "12") long changeCounter) {

    @Schema(name = "RatingsHistogramBucket")
    public record Bucket(@Schema(example = "4.0") double from, @Schema(example = "34174") long count) {
    }
}
