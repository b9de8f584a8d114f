package dev.latent.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code latent.catalog.*}: the limits of the item catalogue and user profiles.
 *
 * @param maxBatch         most items in one {@code POST /items/batch}
 * @param maxCategories    most categories on one item
 * @param maxLabelsBytes   largest labels object, in bytes of its compact UTF-8 JSON
 * @param importMaxLines   most lines in one {@code POST /items/import}
 * @param importMaxErrors  how many bad lines an import reports
 * @param importMaxLineBytes longest accepted import line (bounds the memory one line can take)
 * @param importChunk      items written per round of a streamed import (bounds its memory)
 */
@Validated
@ConfigurationProperties("latent.catalog")
public record CatalogProperties(
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxBatch,
        @DefaultValue("64") @Min(1) @Max(1024) int maxCategories,
        @DefaultValue("16384") @Min(2) @Max(16384) int maxLabelsBytes,
        @DefaultValue("20000000") @Min(1) int importMaxLines,
        @DefaultValue("100") @Min(1) int importMaxErrors,
        @DefaultValue("65536") @Min(1024) int importMaxLineBytes,
        @DefaultValue("10000") @Min(1) @Max(100_000) int importChunk) {
}
