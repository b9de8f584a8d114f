package dev.latent.ratings;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /stats}. {@code density} is ratings / (users × items). The histogram counts ratings in half-point
 * buckets {@code [from, from + 0.5)}. {@code ratingsOverTime} counts ratings per day (wider buckets past a year of
 * history), see {@link RatingsTimeline}. {@code changeCounter} is {@link RatingsChangeCounter#current()}.
 */
@Schema(name = "RatingsStats")
public record RatingsStats(
        @Schema(example = "943") long users,
        @Schema(example = "1682") long items,
        @Schema(example = "100000") long ratings,
        @Schema(example = "0.063") double density,
        List<Bucket> histogram,
        @Schema(example = "1998-04-22T23:10:38Z", nullable = true) Instant newestRating,
        Timeline ratingsOverTime,
        @Schema(example = "12") long changeCounter) {

    /** Ratings per bucket of whole days; {@code from} is the UTC midnight starting the first one (null: no ratings). */
    @Schema(name = "RatingsOverTime")
    public record Timeline(
            @Schema(example = "1997-09-20T00:00:00Z", nullable = true) Instant from,
            @Schema(description = "days per bucket: 1 while the ratings span at most 366 days", example = "1") int bucketDays,
            @Schema(description = "ratings per bucket, oldest first, at most 366 buckets", example = "[127, 354, 0, 212]")
            List<Long> counts) {
    }

    @Schema(name = "RatingsHistogramBucket")
    public record Bucket(@Schema(example = "4.0") double from, @Schema(example = "34174") long count) {
    }
}
