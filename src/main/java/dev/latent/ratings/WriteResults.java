package dev.latent.ratings;

import io.swagger.v3.oas.annotations.media.Schema;

/** Answers of the bulk writes. */
public final class WriteResults {

    private WriteResults() {
    }

    /** {@code received} elements; {@code created} + {@code updated} distinct (user, item) pairs written. */
    @Schema(name = "BatchResult")
    public record Batch(@Schema(example = "3") int received, @Schema(example = "2") int created,
                        @Schema(example = "1") int updated) {
    }

    /** {@code imported} ratings lines read; {@code created} + {@code updated} distinct pairs written. */
    @Schema(name = "ImportResult")
    public record Import(@Schema(example = "1000000") int imported, @Schema(example = "999000") int created,
                         @Schema(example = "1000") int updated, @Schema(example = "4.2") double seconds) {
    }

    /** One rating written, and whether it was new (201) or replaced another (200). */
    public record Upsert(StoredRating rating, boolean created) {
    }
}
