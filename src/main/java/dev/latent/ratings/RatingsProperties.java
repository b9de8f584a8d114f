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
 * @param importMaxRows   most lines in one {@code POST /ratings/import}
 * @param importMaxErrors how many bad lines an import reports
 * @param jdbcBatchSize   rows per JDBC batch in bulk writes
 * @param importMaxLineLength longest line of an import, in characters (a longer one, or a quote left open that
 *                        long, is 413)
 * @param importMaxMemory most memory one import may hold while it is parsed and written (180 bytes a line,
 *                        measured, plus 120 bytes and the length of each distinct id); 0 means half of what the
 *                        service's own live heap ({@link #BASELINE_BYTES}) leaves of the maximum heap
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

    /**
     * The live heap of the started service with no model and no request (40 MiB measured after a full GC,
     * {@code bench/import-heap.sh}): not available to an import.
     */
    public static final long BASELINE_BYTES = 40L << 20;

    /**
     * The import memory bound in bytes: the setting, or, when it is 0, half of what the baseline leaves of the
     * maximum heap (the other half for the served model, H2's cache and concurrent requests), at least 1 MiB.
     */
    public long importMaxMemoryBytes() {
        long set = importMaxMemory == null ? 0 : importMaxMemory.toBytes();
        return set > 0 ? set : defaultImportMemory(Runtime.getRuntime().maxMemory());
    }

    static long defaultImportMemory(long maxHeap) {
        return Math.max(1L << 20, (maxHeap - BASELINE_BYTES) / 2);
    }

    public RatingsProperties {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("latent.ratings.min must be finite and not above latent.ratings.max");
        }
    }
}
