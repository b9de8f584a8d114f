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
 * {@code latent.training.*}: when the trainer runs and how it fits both models. Unset model parameters take
 * the engine's defaults, tuned on MovieLens (docs/evaluation.md).
 *
 * @param scheduled       run on a schedule (only when ratings changed since the last run)
 * @param interval        fixed delay between scheduled checks (ignored when {@code cron} is set)
 * @param cron            a cron expression instead of the fixed delay (empty: use {@code interval})
 * @param initialDelay    delay before the first scheduled check after start-up
 * @param algorithm       rating-model trainer: {@code als}, {@code sgd} or {@code bayes-als} (unset: chosen by
 *                        the search, else {@code als}); setting it or any other rating-model knob fixes the
 *                        rating model (no rating search)
 * @param rank            rating-model rank k (unset: the algorithm's tuned default, ALS 64, SGD 128)
 * @param lambda          rating-model regularisation λ (unset: ALS 0.12, SGD 0.08)
 * @param iterations      rating-model iterations, ALS sweeps or SGD epochs (unset: ALS 20, SGD 100)
 * @param learningRate    SGD learning rate (unset: 0.01; ignored by ALS)
 * @param threads         trainer threads; 0 = all cores
 * @param holdoutFraction share of the ratings held out to measure each run (0 = no measurement)
 * @param seed            seed of the holdout split and the initial factors
 * @param refitIterations iterations of the warm-started refit on all ratings after the measured fit
 * @param leaseTtl        how long the training lease lasts without a heartbeat (renewed every third of it while a
 *                        run is alive): how long a crashed instance blocks training on other instances
 * @param instanceId      this instance's name as the lease holder, stable across restarts so that a restarted
 *                        instance reclaims its own lease at once (empty: host name and server port)
 * @param modelPoll       how often an instance looks for a newer model trained by another instance
 * @param ranking         the ranking model trained beside the rating model
 * @param gate            the quality gate a new model must pass to replace the served one
 * @param shutdownGrace   how long a stopping service waits for a running run to finish before interrupting it
 *                        (keep the container's stop grace longer)
 * @param engine          who trains: {@code internal} (this service, on its schedule and on request) or
 *                        {@code external} (the Spark job, docs/spark.md: no run here, models are loaded from the
 *                        store every {@code modelPoll})
 */
@Validated
@ConfigurationProperties("latent.training")
public record TrainingProperties(
        @DefaultValue("true") boolean scheduled,
        @DefaultValue("10m") Duration interval,
        @DefaultValue("") String cron,
        @DefaultValue("30s") Duration initialDelay,
        @Pattern(regexp = "als|sgd|bayes-als") String algorithm,
        @Min(1) @Max(1024) Integer rank,
        @DecimalMin("0") Double lambda,
        @Min(1) @Max(1000) Integer iterations,
        @DecimalMin("0") Double learningRate,
        @DefaultValue("0") @Min(0) @Max(256) int threads,
        @DefaultValue("0.1") @DecimalMin("0") @DecimalMax("0.5") double holdoutFraction,
        @DefaultValue("42") long seed,
        @DefaultValue("5") @Min(0) @Max(1000) int refitIterations,
        @DefaultValue("30s") Duration leaseTtl,
        @DefaultValue("") String instanceId,
        @DefaultValue("1m") Duration modelPoll,
        @DefaultValue @Valid Ranking ranking,
        @DefaultValue @Valid Gate gate,
        @DefaultValue("1m") Duration shutdownGrace,
        @DefaultValue("internal") @Pattern(regexp = "internal|external") String engine) {

    /**
     * The quality gate: a new model replaces the served one only if, on the new run's held-out part, its RMSE
     * is at most {@code rmseTolerance} above the served model's and its NDCG@10 at most {@code ndcgTolerance}
     * below (the served model is scored by its measured fit, which never saw that part). Otherwise the run
     * ends {@code rejected} and the old model keeps serving; {@code POST /model/training?force=true} lets
     * a run through anyway.
     *
     * @param enabled       compare at all
     * @param rmseTolerance how much worse the held-out RMSE may be
     * @param ndcgTolerance how much lower the held-out NDCG@10 may be
     */
    public record Gate(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.01") @DecimalMin("0") double rmseTolerance,
            @DefaultValue("0.02") @DecimalMin("0") double ndcgTolerance) {
    }

    /** The rating algorithm's name: the setting, or {@code als} when unset. */
    public String algorithmName() {
        return algorithm == null ? "als" : algorithm;
    }

    /** Whether any rating-model knob is set, which fixes the rating model. */
    public boolean ratingModelSet() {
        return algorithm != null || rank != null || lambda != null || iterations != null || learningRate != null;
    }

    /**
     * The ranking model (recommendations, similar items): implicit ALS over who rated what, with confidence
     * c = 1 + α·f(r). Unset values take the tuned defaults (rank 64, λ 30, α 3, f(r) = max(0, r − 3),
     * 15 sweeps).
     *
     * @param enabled    train it; when off, recommendations rank by the rating model
     * @param rank       rank k
     * @param lambda     regularisation λ
     * @param alpha      confidence weight α
     * @param confidence form of f: {@code linear}, {@code shifted}, {@code log} or {@code binary}
     * @param shift      the shift of {@code shifted} (the ε of {@code log})
     * @param iterations ALS sweeps
     */
    public record Ranking(
            @DefaultValue("true") boolean enabled,
            @Min(1) @Max(1024) Integer rank,
            @DecimalMin("0") Double lambda,
            @DecimalMin("0") Double alpha,
            @Pattern(regexp = "linear|shifted|log|binary") String confidence,
            Double shift,
            @Min(1) @Max(1000) Integer iterations) {

        /** Whether any ranking-model knob is set, which fixes the ranking model (no ranking search). */
        public boolean modelSet() {
            return rank != null || lambda != null || alpha != null || confidence != null || shift != null
                    || iterations != null;
        }
    }

    /** True when training is left to an external engine (the Spark job). */
    public boolean external() {
        return engine.equals("external");
    }

    /** The number of threads to train with. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
