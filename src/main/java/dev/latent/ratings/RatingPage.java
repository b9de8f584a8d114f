package dev.latent.ratings;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a user's ratings, newest first (or highest first with {@code sort=rating}). */
@Schema(name = "RatingPage")
public record RatingPage(@Schema(example = "alice") String userId, List<StoredRating> ratings,
                         @Schema(example = "0") int page, @Schema(example = "50") int size,
                         @Schema(example = "120") long totalElements, @Schema(example = "3") int totalPages) {
}
