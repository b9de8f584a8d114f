package dev.latent.training;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code latent.training.*}: when the trainer runs and how it fits both models. Defaults are the values
 * tuned on MovieLens (README, "Engine and evaluation").
 *
 * @param scheduled       run on a schedule (only when ratings changed since the last run)
 * @param interval        fixed delay between scheduled checks (ignored when {@code cron} is set)
 * @param cron            a cron expression instead of the fixed delay (empty: use {@code interval})
 * @param initialDelay    delay before the first scheduled check after start-up
 * @param algorithm       rating-model trainer: {@code als} or {@code sgd}
 * @param rank            rating-model rank k
 * @param lambda          rating-model regularisation λ
 * @param iterations      rating-model iterations (ALS sweeps or SGD epochs)
 * @param learningRate    SGD learning rate (ignored by ALS)
 * @param threads         trainer threads; 0 = all cores
 * @param holdoutFraction share of the ratings held out to measure each run (0 = no measurement)
 * @param seed            seed of the holdout split and the initial factors
 * @param refitIterations iterations of the warm-started refit on all ratings after the measured fit
 * @param leaseTtl        how long the training lease lasts without renewal (several instances, one database)
 * @param modelPoll       how often an instance looks for a newer model trained by another instance
 * @param ranking         the ranking model trained beside the rating model
 */
@Validated
@ConfigurationProperties("latent.training")
public record TrainingProperties(
        @DefaultValue("true") boolean scheduled,
        @DefaultValue("10m") Duration interval,
        @DefaultValue("") String cron,
        @DefaultValue("30s") Duration initialDelay,
        @DefaultValue("als") @Pattern(regexp = "als|sgd") String algorithm,
        @DefaultValue("64") @Min(1) @Max(1024) int rank,
        @DefaultValue("0.05") @DecimalMin("0") double lambda,
        @DefaultValue("15") @Min(1) @Max(1000) int iterations,
        @DefaultValue("0.01") @DecimalMin("0") double learningRate,
        @DefaultValue("0") @Min(0) @Max(256) int threads,
        @DefaultValue("0.1") @DecimalMin("0") @DecimalMax("0.5") double holdoutFraction,
        @DefaultValue("42") long seed,
        @DefaultValue("5") @Min(0) @Max(1000) int refitIterations,
        @DefaultValue("30m") Duration leaseTtl,
        @DefaultValue("1m") Duration modelPoll,
        @DefaultValue @Valid Ranking ranking) {

    /**
     * The ranking model (recommendations, similar items).
     *
     * @param enabled    train it; when off, recommendations rank by the rating model
     * @param rank       rank k
     * @param lambda     regularisation λ
     * @param alpha      confidence weight α
     * @param iterations ALS sweeps
     */
    public record Ranking(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("64") @Min(1) @Max(1024) int rank,
            @DefaultValue("0.1") @DecimalMin("0") double lambda,
            @DefaultValue("1.0") @DecimalMin("0") double alpha,
            @DefaultValue("15") @Min(1) @Max(1000) int iterations) {
    }

    /** The number of threads to train with. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
