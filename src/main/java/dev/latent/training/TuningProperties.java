package dev.latent.training;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code latent.tuning.*}: the hyperparameter search of training runs. A run searches when none of the served
 * model's configuration came from a search yet (a fresh store's first run), when {@code period} has passed
 * since the last search, or when the ratings grew by {@code growthFactor} since; other runs reuse the last
 * chosen configuration. Rating-model or ranking-model knobs set under {@code latent.training.*} fix that model
 * (it is not searched).
 *
 * @param enabled            search at all (off: the engine defaults, or the knobs set)
 * @param trials             rating-model configurations a search starts with (successive halving keeps a
 *                           third per rung: 18 → 6 → 2)
 * @param rankingTrials      ranking-model configurations a search starts with (0: no ranking search)
 * @param budget             wall-clock budget of one search (trials still running then stop, the best so far
 *                           is chosen)
 * @param period             search again after this long
 * @param growthFactor       search again once the ratings grew by this factor since the last search
 * @param validationFraction share of the ratings a search scores trials on (taken from what is not held out)
 * @param maxRankingUsers    at most this many validation users score a ranking trial (bounds its cost)
 */
@Validated
@ConfigurationProperties("latent.tuning")
public record TuningProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("18") @Min(1) @Max(500) int trials,
        @DefaultValue("9") @Min(0) @Max(500) int rankingTrials,
        @DefaultValue("10m") Duration budget,
        @DefaultValue("24h") Duration period,
        @DefaultValue("2.0") @DecimalMin("1.0") double growthFactor,
        @DefaultValue("0.1") @DecimalMin("0.01") @DecimalMax("0.5") double validationFraction,
        @DefaultValue("5000") @Min(10) int maxRankingUsers) {
}
