package dev.latent.training;

import dev.latent.web.ConflictException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;

/**
 * Training off the request path, one run at a time: queues runs (on request or when the scheduled check finds
 * changed ratings) onto the trainer thread, where {@link TrainingRunner} runs them, and answers the run history.
 * At start-up it marks runs left by a dead process abandoned and has {@link ModelLoader} serve the stored model;
 * its poll loads models published by other instances. Run state and history live in {@code training_runs}.
 */
@Service
public class TrainingService implements DisposableBean, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TrainingService.class);
    /** Marks a run being created, before it has an id. */
    private static final long PENDING = -1L;

    private final TrainingProperties properties;
    private final TrainingRunRepository runs;
    private final SnapshotReader snapshots;
    private final TrainingLease lease;
    private final TrainingRunner runner;
    private final ModelLoader loader;
    private final ModelPublisher publisher;
    private final FeedPruner pruner;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latent-trainer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Long> active = new AtomicReference<>();

    public TrainingService(TrainingProperties properties, TrainingRunRepository runs, SnapshotReader snapshots,
                           TrainingLease lease, TrainingRunner runner, ModelLoader loader, ModelPublisher publisher,
                           FeedPruner pruner) {
        this.pruner = pruner;
        this.properties = properties;
        this.runs = runs;
        this.snapshots = snapshots;
        this.lease = lease;
        this.runner = runner;
        this.loader = loader;
        this.publisher = publisher;
    }

    /**
     * At start-up, before the web server takes requests (every singleton exists, no lifecycle bean has
     * started): marks the runs a dead process left behind as abandoned (when the lease is free, expired or
     * this instance's own from before a restart, no run of them can be alive). Done here rather than when the
     * application is ready, so that no client reads such a run as still running once the port answers.
     */
    @Override
    public void afterSingletonsInstantiated() {
        abandonDeadRuns();
    }

    /** When the application is ready: serves the last stored model, without training, minus every user and
     * item deleted since it was trained. */
    @EventListener(ApplicationReadyEvent.class)
    public void loadStoredModel() {
        loader.loadStoredModel();
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
        return queue(trigger, force).run();
    }

    /** A run saved as queued and its end on the trainer thread (done once the run is no longer active). */
    private record Queued(TrainingRun run, Future<?> end) {
    }

    private Queued queue(String trigger, boolean force) {
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
        Future<?> end = executor.submit(() -> {
            try {
                runner.execute(run, force);
            } finally {
                active.set(null);
            }
        });
        return new Queued(run, end);
    }

    /**
     * The scheduled check: trains only when the ratings changed since the served model's snapshot. Serves a
     * newer stored model first (another instance may have just trained on these ratings), so that instances
     * sharing a database do not train again on what one of them has already published.
     *
     * @return the end of the run it queued (done once that run finished and is no longer active), or empty
     *         when it queued none
     */
    public Optional<Future<?>> trainIfChanged() {
        if (active.get() != null) {
            return Optional.empty();
        }
        if (!properties.external() && lease.otherHolder().isPresent()) {
            return Optional.empty(); // another instance trains now; it will publish the model
        }
        loadNewerModel();
        String now = snapshots.currentFingerprint();
        if (now.equals(publisher.servedFingerprint()) || now.startsWith("0:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(queue("scheduled", false).end());
        } catch (RunInProgressException e) {
            log.debug("Scheduled training skipped: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The model poll: loads a newer model stored by another instance sharing the database (or the Spark job),
     * then prunes the change feed when it is due ({@link FeedPruner}: one instance per new floor or per minute),
     * so the feed is pruned also where no instance trains.
     */
    public void loadNewerModel() {
        loader.loadNewerModel(active.get() != null);
        pruner.pruneIfDue();
    }

    public Optional<TrainingRun> run(long id) {
        return runs.findById(id);
    }

    public Page<TrainingRun> history(int page, int size) {
        return runs.findAllByOrderByIdDesc(PageRequest.of(page, size));
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
