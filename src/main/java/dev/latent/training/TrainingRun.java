package dev.latent.training;

import dev.latent.evaluation.HeldOutMetrics;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One training run as persisted in {@code training_runs}: status, progress, counts, metrics, timings, error. */
@Entity
@Table(name = "training_runs")
public class TrainingRun {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "training_run_seq")
    @SequenceGenerator(name = "training_run_seq", sequenceName = "training_run_seq", allocationSize = 1)
    @Column(name = "run_id")
    private Long id;
    private RunStatus status;
    @Column(name = "trigger_kind")
    private String trigger;
    private String phase;
    @Column(name = "requested_at")
    private Instant requestedAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    private String algorithm;
    private String parameters;
    private int iteration;
    private int iterations;
    /** JSON, see {@link LossHistory}. */
    private String losses;
    private Integer users;
    private Integer items;
    private Long ratings;
    @Column(name = "train_ratings")
    private Long trainRatings;
    @Column(name = "test_ratings")
    private Long testRatings;
    private Double rmse;
    private Double mae;
    @Column(name = "baseline_rmse")
    private Double baselineRmse;
    private Double ndcg;
    @Column(name = "rating_ndcg")
    private Double ratingNdcg;
    @Column(name = "popularity_ndcg")
    private Double popularityNdcg;
    @Column(name = "snapshot_ms")
    private Long snapshotMs;
    @Column(name = "train_ms")
    private Long trainMs;
    @Column(name = "total_ms")
    private Long totalMs;
    @Column(name = "model_version")
    private Long modelVersion;
    private String error;
    /** JSON of {@link SearchProgress}; null for a run that did not search. */
    @Column(name = "search_progress")
    private String searchProgress;
    /** JSON of {@link ChosenConfiguration}. */
    private String configuration;
    /** JSON of {@link GateOutcome}; null when the gate did not compare. */
    private String gate;
    private boolean forced;

    protected TrainingRun() {
    }

    public TrainingRun(String trigger, String algorithm, String parameters, int iterations) {
        this.status = RunStatus.QUEUED;
        this.trigger = trigger;
        this.requestedAt = Instant.now();
        this.algorithm = algorithm;
        this.parameters = parameters;
        this.iterations = iterations;
        this.losses = "[]";
    }

    public Long getId() { return id; }
    public RunStatus getStatus() { return status; }
    public String getTrigger() { return trigger; }
    public String getPhase() { return phase; }
    public Instant getRequestedAt() { return requestedAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public String getAlgorithm() { return algorithm; }
    public String getParameters() { return parameters; }
    public int getIteration() { return iteration; }
    public int getIterations() { return iterations; }
    public String getLosses() { return losses; }
    public Integer getUsers() { return users; }
    public Integer getItems() { return items; }
    public Long getRatings() { return ratings; }
    public Long getTrainRatings() { return trainRatings; }
    public Long getTestRatings() { return testRatings; }
    public Double getRmse() { return rmse; }
    public Double getMae() { return mae; }
    public Double getBaselineRmse() { return baselineRmse; }
    public Double getNdcg() { return ndcg; }
    public Double getRatingNdcg() { return ratingNdcg; }
    public Double getPopularityNdcg() { return popularityNdcg; }
    public Long getSnapshotMs() { return snapshotMs; }
    public Long getTrainMs() { return trainMs; }
    public Long getTotalMs() { return totalMs; }
    public Long getModelVersion() { return modelVersion; }
    public String getError() { return error; }
    public String getSearchProgress() { return searchProgress; }
    public String getConfiguration() { return configuration; }
    public String getGate() { return gate; }
    public boolean isForced() { return forced; }

    void forced(boolean forced) {
        this.forced = forced;
    }

    void searchProgress(String json) {
        this.searchProgress = json;
    }

    void configuration(String json, String algorithm, String parameters, int iterations) {
        this.configuration = json;
        this.algorithm = algorithm;
        this.parameters = parameters;
        if (this.iterations == 0) { // planned once, before training; the chosen configuration keeps the count
            this.iterations = iterations;
        }
    }

    void gate(String json) {
        this.gate = json;
    }

    /** The gate kept the served model: the run ends here with both figures recorded. */
    void rejected(String reason, long trainMs) {
        this.status = RunStatus.REJECTED;
        this.phase = "done";
        this.trainMs = trainMs;
        this.error = reason == null ? null : reason.substring(0, Math.min(3900, reason.length()));
        finish();
    }

    void started() {
        status = RunStatus.RUNNING;
        startedAt = Instant.now();
        phase = "snapshot";
    }

    void snapshot(int users, int items, long ratings, long millis) {
        this.users = users;
        this.items = items;
        this.ratings = ratings;
        this.snapshotMs = millis;
    }

    void split(long train, long test) {
        this.trainRatings = train;
        this.testRatings = test;
    }

    /** Records one finished iteration of the phase running now (the run counts iterations over all phases). */
    void progress(String phase, double loss) {
        this.phase = phase;
        this.iteration++;
        this.losses = LossHistory.append(losses, phase, (float) loss);
    }

    void phase(String phase) {
        this.phase = phase;
    }

    /** Keeps the figures of a held-out measurement that run history shows (null: nothing was held out). */
    void metrics(HeldOutMetrics m) {
        if (m == null) {
            return;
        }
        this.rmse = m.rating().rmse();
        this.mae = m.rating().mae();
        this.baselineRmse = m.biases().rmse();
        this.ndcg = m.served().ndcg();
        this.ratingNdcg = m.ratingRanking().ndcg();
        this.popularityNdcg = m.popularity().ndcg();
    }

    /**
     * The held-out metrics by their names in the API (run history and {@code GET /model}); absent ones
     * (nothing held out) left out.
     */
    public Map<String, Double> metricsByName() {
        Map<String, Double> m = new LinkedHashMap<>();
        putIf(m, "heldOutRmse", rmse);
        putIf(m, "heldOutMae", mae);
        putIf(m, "baselineRmse", baselineRmse);
        putIf(m, "ndcg@10", ndcg);
        putIf(m, "ratingModelNdcg@10", ratingNdcg);
        putIf(m, "popularityNdcg@10", popularityNdcg);
        return m;
    }

    private static void putIf(Map<String, Double> m, String k, Double v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    void succeeded(long modelVersion, long trainMs) {
        this.status = RunStatus.SUCCEEDED;
        this.phase = "done";
        this.modelVersion = modelVersion;
        this.trainMs = trainMs;
        finish();
    }

    /** The store was empty: no model was trained, and the one served before was retired. */
    void retired() {
        this.status = RunStatus.SUCCEEDED;
        this.phase = "retired";
        finish();
    }

    void failed(String error) {
        this.status = RunStatus.FAILED;
        this.error = error == null ? "unknown error" : error.substring(0, Math.min(3900, error.length()));
        finish();
    }

    private void finish() {
        finishedAt = Instant.now();
        if (startedAt != null) {
            totalMs = finishedAt.toEpochMilli() - startedAt.toEpochMilli();
        }
    }
}
