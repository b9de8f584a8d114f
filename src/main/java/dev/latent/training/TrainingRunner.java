package dev.latent.training;

import dev.latent.model.ChangeLog;
import dev.latent.model.ModelHolder;
import dev.latent.model.Ratings;
import dev.latent.model.ServedModel;
import dev.latent.tuning.RankingParams;
import dev.latent.tuning.RatingParams;
import dev.latent.tuning.Trial;
import dev.latent.tuning.TunedFit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One training run from start to end, on the trainer thread: take the lease (renewed by a heartbeat and at
 * every iteration), snapshot the store, decide whether to search ({@link RunPlan}), search or take the chosen
 * configuration, fit and measure both models on a held-out part, pass the quality gate, refit on everything,
 * and hand the model to {@link ModelPublisher}. Every step is recorded on the run's row.
 */
@Component
public class TrainingRunner {

    private static final Logger log = LoggerFactory.getLogger(TrainingRunner.class);

    private final TrainingRunRepository runs;
    private final SnapshotReader snapshots;
    private final ModelHolder holder;
    private final ChangeLog changes;
    private final TrainingLease lease;
    private final ModelTrainers trainers;
    private final RunPlan plan;
    private final TrainingMetrics metrics;
    private final ModelAssembler assembler;
    private final ModelPublisher publisher;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    public TrainingRunner(TrainingRunRepository runs, SnapshotReader snapshots, ModelHolder holder, ChangeLog changes,
                          TrainingLease lease, ModelTrainers trainers, RunPlan plan, TrainingMetrics metrics,
                          ModelAssembler assembler, ModelPublisher publisher, Clock clock) {
        this.clock = clock;
        this.runs = runs;
        this.snapshots = snapshots;
        this.holder = holder;
        this.changes = changes;
        this.lease = lease;
        this.trainers = trainers;
        this.plan = plan;
        this.metrics = metrics;
        this.assembler = assembler;
        this.publisher = publisher;
    }

    /** Runs {@code run} (already saved as queued); {@code force} lets its model past the quality gate. */
    public void execute(TrainingRun run, boolean force) {
        long t0 = System.nanoTime();
        TrainingMetrics.RunTracker tracker = metrics.track(run.getId(), run.getTrigger());
        String outcome = "failed";
        try {
            if (!lease.acquireWithHeartbeat()) {
                throw new IllegalStateException("another instance holds the training lease; it will publish the model");
            }
            runs.abandonInterrupted(run.getId());
            run.started();
            runs.save(run);
            long seq = changes.sequence();
            tracker.phase("snapshot");
            RatingSnapshot snapshot = snapshots.read();
            Ratings ratings = snapshot.ratings();
            run.snapshot(ratings.numUsers(), ratings.numItems(), ratings.size(), snapshot.millis());
            runs.save(run);
            if (ratings.size() == 0) {
                // every rating is gone (users deleted, items deleted): nothing may be served from the old model
                publisher.retireAll(seq, snapshot.fingerprint(), run.getStartedAt());
                run.retired();
                runs.save(run);
                log.info("Training run {} found no ratings: the served model is retired", run.getId());
                outcome = "succeeded";
                return;
            }
            ServedModel served = holder.current().orElse(null);
            RunPlan.Decision decision = plan.decide(served, ratings.size(), run.getId(), clock.instant());
            describe(run, decision.configuration(), decision.plan().rating(), decision.plan().ranking());
            runs.save(run);
            long trainStart = System.nanoTime();
            TunedFit.Result result = trainers.fit().run(ratings, decision.plan(), plan.baseline(served), trainers.gate(),
                    force, progress(run, tracker));
            long trainMs = (System.nanoTime() - trainStart) / 1_000_000;
            run.split(result.trainRatings(), result.testRatings());
            run.metrics(result.figures());
            ChosenConfiguration chosen = plan.chosen(decision, result, run.getId(), ratings.size());
            describe(run, chosen, result.ratingConfig(), result.rankingConfig());
            if (result.verdict() != null) {
                run.gate(json.writeValueAsString(GateOutcome.of(result.verdict(), force)));
            }
            if (result.rejected()) {
                run.rejected("rejected by the quality gate: " + result.verdict().reason()
                        + "; the served model keeps serving (POST /model/training?force=true lets it through)", trainMs);
                runs.save(run);
                log.info("Training run {} rejected by the quality gate: {}", run.getId(), result.verdict().reason());
                outcome = "rejected";
                return;
            }
            run.phase("saving");
            tracker.phase("saving");
            runs.save(run);
            long version = publisher.nextVersion();
            ServedModel model = assembler.assemble(version, ratings, result, chosen, run.metricsByName(), seq);
            publisher.publish(model, run.getId(), snapshot.fingerprint(), snapshot.feedMark(), result.measuredRating(),
                    result.measuredRanking(), run.getStartedAt());
            run.succeeded(version, trainMs);
            runs.save(run);
            outcome = "succeeded";
            log.info("Training run {} served model version {} in {} ms", run.getId(), version,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (CancellationException e) {
            fail(run, "cancelled: the service is stopping");
        } catch (RuntimeException | OutOfMemoryError e) {
            log.warn("Training run {} failed", run.getId(), e);
            fail(run, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            tracker.finished(outcome);
            lease.release();
        }
    }

    /** Records each phase, iteration and trial on the run's row, renewing the lease as it goes. */
    private TunedFit.Progress progress(TrainingRun run, TrainingMetrics.RunTracker tracker) {
        List<Trial> history = new ArrayList<>();
        return new TunedFit.Progress() {
            @Override
            public void phase(String name) {
                tracker.phase(name);
                run.phase(name);
                runs.save(run);
            }

            @Override
            public boolean iteration(String phase, double loss) {
                tracker.iteration(loss);
                run.progress(phase, loss);
                runs.save(run);
                lease.acquire();
                return !Thread.currentThread().isInterrupted();
            }

            @Override
            public void trial(Trial trial, int planned, Trial bestRating, Trial bestRanking) {
                history.add(trial);
                run.searchProgress(json.writeValueAsString(new SearchProgress(history.size(), planned,
                        bestRating, bestRanking, history)));
                runs.save(run);
                lease.acquire();
            }
        };
    }

    /** Records what the run trains (or will), by the names of the API. */
    private void describe(TrainingRun run, ChosenConfiguration c, RatingParams rating, RankingParams ranking) {
        RatingParams r = rating != null ? rating : trainers.ratingSetting();
        run.configuration(json.writeValueAsString(c.asMap()), r.algorithm().wire(),
                json.writeValueAsString(trainers.parameters(r, ranking)), trainers.totalIterations(r, ranking));
    }

    private void fail(TrainingRun run, String error) {
        try {
            run.failed(error);
            runs.save(run);
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of run {}", run.getId(), e);
        }
    }
}
