package dev.latent.training;

import dev.latent.model.store.ModelStore;

import dev.latent.factorization.Popularity;
import dev.latent.model.Ratings;
import dev.latent.model.ChangeLog;
import dev.latent.model.ModelHolder;
import dev.latent.model.ModelInfo;
import dev.latent.model.RatedItems;
import dev.latent.model.ServedModel;
import dev.latent.ratings.Tombstones;
import dev.latent.tuning.RankingParams;
import dev.latent.tuning.RatingParams;
import dev.latent.tuning.Trial;
import dev.latent.tuning.TunedFit;
import dev.latent.web.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs training off the request path, one run at a time: snapshot the store, decide whether to search
 * ({@link RunPlan}), search or take the chosen configuration, fit and measure both models on a held-out
 * part, pass the quality gate, refit on everything, persist the model (and its measured fit, the next gate's
 * reference), and swap it into serving in one step.
 * Run state and history live in {@code training_runs}; the served model survives restarts through
 * {@link ModelStore}.
 */
@Service
public class TrainingService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TrainingService.class);
    /** Marks a run being created, before it has an id. */
    private static final long PENDING = -1L;
    /** Pseudo-ratings at the global mean in each item's damped mean. */
    private static final float POPULARITY_DAMPING = 10f;

    private final TrainingProperties properties;
    private final TrainingRunRepository runs;
    private final SnapshotReader snapshots;
    private final ModelStore store;
    private final ModelHolder holder;
    private final ChangeLog changes;
    private final TrainingLease lease;
    private final ModelTrainers trainers;
    private final RunPlan plan;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latent-trainer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Long> active = new AtomicReference<>();
    /**
     * Tombstones are kept this long past the start of the run whose snapshot excludes them (a delete commits
     * within a lock timeout of writing its tombstone), and polled with this overlap.
     */
    private static final Duration TOMBSTONE_WINDOW = Duration.ofMinutes(10);
    private final Tombstones tombstones;
    private final Map<Long, Instant> appliedTombstones = new ConcurrentHashMap<>();
    private final TrainingMetrics metrics;
    private volatile String trainedFingerprint;
    private final JsonMapper json = JsonMapper.builder().build();

    public TrainingService(TrainingProperties properties, TrainingRunRepository runs, SnapshotReader snapshots,
                           ModelStore store, ModelHolder holder, ChangeLog changes, TrainingLease lease,
                           ModelTrainers trainers, RunPlan plan, TrainingMetrics metrics, Tombstones tombstones) {
        this.properties = properties;
        this.metrics = metrics;
        this.runs = runs;
        this.snapshots = snapshots;
        this.store = store;
        this.holder = holder;
        this.changes = changes;
        this.lease = lease;
        this.trainers = trainers;
        this.plan = plan;
        this.tombstones = tombstones;
    }

    /**
     * At start-up: marks the runs a dead process left behind as abandoned (when the lease is free, expired or
     * this instance's own from before a restart, no run of them can be alive), then serves the last stored
     * model, without training, minus every user and item deleted since it was trained.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void loadStoredModel() {
        abandonDeadRuns();
        try {
            store.loadLatest().ifPresent(s -> {
                long seq = changes.sequence();
                applyTombstones(Instant.EPOCH);
                holder.swap(s.model().withChangeSeq(seq));
                trainedFingerprint = s.fingerprint();
                log.info("Serving stored model version {} ({} users, {} items)", s.model().version(),
                        s.model().users().size(), s.model().items().size());
            });
        } catch (RuntimeException e) {
            log.error("The stored model could not be loaded; serving popular items until the next run", e);
        }
    }

    private void abandonDeadRuns() {
        try {
            if (active.get() == null && lease.acquire()) {
                try {
                    int abandoned = runs.abandonInterrupted(-1L);
                    if (abandoned > 0) {
                        log.warn("Marked {} training run(s) abandoned: their process stopped before they finished",
                                abandoned);
                    }
                } finally {
                    lease.release();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not check for abandoned training runs: {}", e.getMessage());
        }
    }

    /**
     * Notes the tombstones written since {@code from} (those not noted yet) as deletions newer than the served
     * model, so neither a model loaded now nor one already served answers with a deleted user or item.
     */
    private void applyTombstones(Instant from) {
        List<String> users = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (Tombstones.Tombstone t : tombstones.since(from)) {
            if (appliedTombstones.putIfAbsent(t.seq(), t.deletedAt()) == null) {
                (Tombstones.USER.equals(t.kind()) ? users : items).add(t.externalId());
            }
        }
        if (!users.isEmpty() || !items.isEmpty()) {
            changes.markDeleted(users, items);
        }
        appliedTombstones.values().removeIf(at -> at.isBefore(from));
    }

    /**
     * Queues a run now.
     *
     * @throws RunInProgressException when a run is queued or running here, or another instance trains
     * @throws ExternalTrainingException when training is left to an external engine
     */
    public TrainingRun start(String trigger) {
        return start(trigger, false);
    }

    /**
     * Queues a run now; {@code force} swaps its model in whatever the quality gate says (its figures are still
     * measured and recorded), e.g. after a mass delete made the data legitimately worse to learn from.
     *
     * @throws RunInProgressException when a run is queued or running here, or another instance trains
     */
    public TrainingRun start(String trigger, boolean force) {
        if (properties.external()) {
            throw new ExternalTrainingException(properties.modelPoll());
        }
        Optional<String> other = lease.otherHolder();
        if (other.isPresent()) {
            throw new ConflictException("Instance " + other.get() + " is training now; it will publish the model.",
                    Map.of("leaseHolder", other.get()));
        }
        if (!active.compareAndSet(null, PENDING)) {
            Long running = active.get();
            throw new RunInProgressException(running == null ? PENDING : running,
                    "Training run " + running + " is in progress.");
        }
        TrainingRun run;
        try {
            TrainingRun queued = new TrainingRun(trigger, properties.algorithmName(), "{}", 0);
            queued.forced(force);
            run = runs.save(queued);
        } catch (RuntimeException e) {
            active.set(null);
            throw e;
        }
        active.set(run.getId());
        executor.submit(() -> execute(run, force));
        return run;
    }

    /** The scheduled check: trains only when the ratings changed since the served model's snapshot. */
    public void trainIfChanged() {
        if (active.get() != null) {
            return;
        }
        String now = snapshots.currentFingerprint();
        if (now.equals(trainedFingerprint) || now.startsWith("0:")) {
            return;
        }
        try {
            start("scheduled");
        } catch (RunInProgressException e) {
            log.debug("Scheduled training skipped: {}", e.getMessage());
        }
    }

    /** Loads a newer model stored by another instance sharing the database. */
    public void loadNewerModel() {
        // deletions made through other instances: the window overlaps, so one committed late is not missed
        applyTombstones(Instant.now().minus(TOMBSTONE_WINDOW));
        long served = holder.current().map(ServedModel::version).orElse(0L);
        Optional<Long> latest = store.latestVersion();
        if (latest.isEmpty() && served > 0 && active.get() == null) {
            holder.retire();
            trainedFingerprint = null;
            log.info("No stored model any more (another instance found the store empty): model {} retired", served);
        }
        if (latest.isPresent() && latest.get() > served && active.get() == null) {
            long seq = changes.sequence();
            applyTombstones(Instant.EPOCH);
            ModelStore.Stored s = store.load(latest.get());
            holder.swap(s.model().withChangeSeq(seq));
            trainedFingerprint = s.fingerprint();
            log.info("Loaded model version {} trained by another instance", latest.get());
        }
    }

    public Optional<TrainingRun> run(long id) {
        return runs.findById(id);
    }

    public Page<TrainingRun> history(int page, int size) {
        return runs.findAllByOrderByIdDesc(PageRequest.of(page, size));
    }

    private void execute(TrainingRun run, boolean force) {
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
                store.deleteAll();
                holder.retire();
                changes.forgetUpTo(seq);
                trainedFingerprint = snapshot.fingerprint();
                tombstones.pruneBefore(run.getStartedAt().minus(TOMBSTONE_WINDOW));
                run.retired();
                runs.save(run);
                log.info("Training run {} found no ratings: the served model is retired", run.getId());
                outcome = "succeeded";
                return;
            }
            ServedModel served = holder.current().orElse(null);
            RunPlan.Decision decision = plan.decide(served, ratings.size(), run.getId(), Instant.now());
            describe(run, decision.configuration(), decision.plan().rating(), decision.plan().ranking());
            runs.save(run);
            long trainStart = System.nanoTime();
            List<Trial> history = new ArrayList<>();
            TunedFit.Result result = trainers.fit().run(ratings, decision.plan(), plan.baseline(served), trainers.gate(),
                    force, new TunedFit.Progress() {
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
                    });
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
            long version = Math.max(store.latestVersion().orElse(0L),
                    holder.current().map(ServedModel::version).orElse(0L)) + 1;
            Map<String, Object> parameters = new LinkedHashMap<>(
                    trainers.parameters(result.ratingConfig(), result.rankingConfig()));
            parameters.put("configuration", chosen.asMap());
            ModelInfo info = new ModelInfo(result.ratingConfig().algorithm().id(), result.rating().rank(), parameters,
                    ratings.numUsers(), ratings.numItems(), ratings.size(), run.metricsByName());
            ServedModel model = new ServedModel(version, Instant.now(), info,
                    result.rating(), result.ranking(), ratings.userIds().freeze(), ratings.itemIds().freeze(),
                    Popularity.of(result.all(), POPULARITY_DAMPING), RatedItems.of(result.all()),
                    trainers.foldInRecipe(result.ratingConfig(), result.rankingConfig(), result.bayesian()), seq);
            store.save(model, run.getId(), snapshot.fingerprint());
            if (result.measuredRating() != null) {
                store.saveReference(model, result.measuredRating(), result.measuredRanking());
            }
            holder.swap(model);
            changes.forgetUpTo(seq);
            trainedFingerprint = snapshot.fingerprint();
            tombstones.pruneBefore(run.getStartedAt().minus(TOMBSTONE_WINDOW));
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
            active.set(null);
        }
    }

    /** Records what the run trains (or will), by the names of the API. */
    private void describe(TrainingRun run, ChosenConfiguration c, RatingParams rating, RankingParams ranking) {
        RatingParams r = rating != null ? rating : trainers.ratingSetting();
        run.configuration(json.writeValueAsString(c.asMap()), r.algorithm().id(),
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

    /** Lets a running run finish (it would be lost otherwise) for up to latent.training.shutdown-grace. */
    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("Interrupting the running training run: it did not finish within latent.training.shutdown-grace ({})",
                    properties.shutdownGrace());
            executor.shutdownNow();
        }
    }
}
