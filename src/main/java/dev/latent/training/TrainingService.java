package dev.latent.training;

import dev.latent.model.store.ModelStore;

import dev.latent.factorization.Popularity;
import dev.latent.model.Ratings;
import dev.latent.model.ChangeLog;
import dev.latent.model.ModelHolder;
import dev.latent.model.ModelInfo;
import dev.latent.model.RatedItems;
import dev.latent.model.ServedModel;
import java.time.Instant;
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
 * Runs training off the request path, one run at a time: snapshot the store, fit and measure both models
 * on a holdout split, refit on everything, persist the model, and swap it into serving in one step.
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
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latent-trainer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Long> active = new AtomicReference<>();
    private final TrainingMetrics metrics;
    private volatile String trainedFingerprint;
    private final JsonMapper json = JsonMapper.builder().build();

    public TrainingService(TrainingProperties properties, TrainingRunRepository runs, SnapshotReader snapshots,
                           ModelStore store, ModelHolder holder, ChangeLog changes, TrainingLease lease,
                           ModelTrainers trainers, TrainingMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
        this.runs = runs;
        this.snapshots = snapshots;
        this.store = store;
        this.holder = holder;
        this.changes = changes;
        this.lease = lease;
        this.trainers = trainers;
    }

    /** Serves the last stored model at start-up, without training. */
    @EventListener(ApplicationReadyEvent.class)
    public void loadStoredModel() {
        long seq = changes.sequence();
        try {
            store.loadLatest().ifPresent(s -> {
                holder.swap(s.model().withChangeSeq(seq));
                trainedFingerprint = s.fingerprint();
                log.info("Serving stored model version {} ({} users, {} items)", s.model().version(),
                        s.model().users().size(), s.model().items().size());
            });
        } catch (RuntimeException e) {
            log.error("The stored model could not be loaded; serving popular items until the next run", e);
        }
    }

    /**
     * Queues a run now.
     *
     * @throws RunInProgressException when a run is queued or running here, or another instance trains
     * @throws ExternalTrainingException when training is left to an external engine
     */
    public TrainingRun start(String trigger) {
        if (properties.external()) {
            throw new ExternalTrainingException(properties.modelPoll());
        }
        if (!active.compareAndSet(null, PENDING)) {
            Long running = active.get();
            throw new RunInProgressException(running == null ? PENDING : running,
                    "Training run " + running + " is in progress.");
        }
        TrainingRun run;
        try {
            run = runs.save(new TrainingRun(trigger, properties.algorithm(), parameters(), trainers.totalIterations()));
        } catch (RuntimeException e) {
            active.set(null);
            throw e;
        }
        active.set(run.getId());
        executor.submit(() -> execute(run));
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
        long served = holder.current().map(ServedModel::version).orElse(0L);
        Optional<Long> latest = store.latestVersion();
        if (latest.isPresent() && latest.get() > served && active.get() == null) {
            long seq = changes.sequence();
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

    private void execute(TrainingRun run) {
        long t0 = System.nanoTime();
        TrainingMetrics.RunTracker tracker = metrics.track(run.getId(), run.getTrigger());
        String outcome = "failed";
        try {
            if (!lease.acquire()) {
                throw new IllegalStateException("another instance holds the training lease; it will publish the model");
            }
            runs.failInterrupted(run.getId());
            run.started();
            runs.save(run);
            long seq = changes.sequence();
            tracker.phase("snapshot");
            RatingSnapshot snapshot = snapshots.read();
            Ratings ratings = snapshot.ratings();
            run.snapshot(ratings.numUsers(), ratings.numItems(), ratings.size(), snapshot.millis());
            runs.save(run);
            if (ratings.size() == 0) {
                throw new IllegalStateException("there are no ratings to train on");
            }
            long trainStart = System.nanoTime();
            TrainingPipeline.Result result = trainers.pipeline().run(ratings, (phase, loss) -> {
                tracker.iteration(loss);
                run.progress(phase, loss);
                runs.save(run);
                lease.acquire();
                return !Thread.currentThread().isInterrupted();
            }, run::split, phase -> {
                tracker.phase(phase);
                run.phase(phase);
            });
            long trainMs = (System.nanoTime() - trainStart) / 1_000_000;
            run.metrics(result.metrics());
            run.phase("saving");
            tracker.phase("saving");
            runs.save(run);
            long version = store.latestVersion().orElse(0L) + 1;
            ServedModel model = new ServedModel(version, Instant.now(), info(snapshot, run),
                    result.rating(), result.ranking(), ratings.userIds().freeze(), ratings.itemIds().freeze(),
                    Popularity.of(result.all(), POPULARITY_DAMPING), RatedItems.of(result.all()),
                    trainers.foldInRecipe(), seq);
            store.save(model, run.getId(), snapshot.fingerprint());
            holder.swap(model);
            changes.forgetUpTo(seq);
            trainedFingerprint = snapshot.fingerprint();
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

    private void fail(TrainingRun run, String error) {
        try {
            run.failed(error);
            runs.save(run);
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of run {}", run.getId(), e);
        }
    }

    private ModelInfo info(RatingSnapshot snapshot, TrainingRun run) {
        Map<String, Double> metrics = run.metricsByName();
        return new ModelInfo(properties.algorithm(), trainers.ratingRank(), trainers.parameters(),
                snapshot.ratings().numUsers(), snapshot.ratings().numItems(), snapshot.ratings().size(), metrics);
    }

    private String parameters() {
        return json.writeValueAsString(trainers.parameters());
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
