package dev.latent.ratings;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code latent.ratings.*}: the rating scale and the sizes of batch and bulk writes.
 *
 * @param min             smallest accepted rating (inclusive)
 * @param max             largest accepted rating (inclusive)
 * @param maxBatch        most elements in one {@code POST /ratings/batch}
 * @param importMaxRows   most lines in one {@code POST /ratings/import} (bounds memory: ~40 bytes a line)
 * @param importMaxErrors how many bad lines an import reports
 * @param jdbcBatchSize   rows per JDBC batch in bulk writes
 * @param importMaxLineLength longest line of an import, in characters (a longer one, or a quote left open that
 *                        long, is 413)
 * @param importMaxMemory most memory one import may hold while it is parsed and written (about 45 bytes a
 *                        line plus 120 bytes and the length of each distinct id); 0 means half the heap
 */
@Validated
@ConfigurationProperties("latent.ratings")
public record RatingsProperties(
        @DefaultValue("0.5") double min,
        @DefaultValue("5.0") double max,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxBatch,
        @DefaultValue("20000000") @Min(1) int importMaxRows,
        @DefaultValue("100") @Min(1) int importMaxErrors,
        @DefaultValue("10000") @Min(1) int jdbcBatchSize,
        @DefaultValue("8192") @Min(64) int importMaxLineLength,
        @DefaultValue("0") DataSize importMaxMemory) {

    /** The import memory bound in bytes: the setting, or half the heap when it is 0. */
    public long importMaxMemoryBytes() {
        long set = importMaxMemory == null ? 0 : importMaxMemory.toBytes();
        return set > 0 ? set : Runtime.getRuntime().maxMemory() / 2;
    }

    public RatingsProperties {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("latent.ratings.min must be finite and not above latent.ratings.max");
        }
    }
}
