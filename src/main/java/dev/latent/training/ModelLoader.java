package dev.latent.training;

import dev.latent.model.ChangeLog;
import dev.latent.model.ModelHolder;
import dev.latent.model.ServedModel;
import dev.latent.model.store.ModelStore;
import dev.latent.ratings.ChangeFeed;
import dev.latent.ratings.Tombstones;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Serves models found in the store: at start-up the newest stored one (without training), and on every
 * {@code latent.training.model-poll} a newer one trained by another instance sharing the database (or the
 * Spark job). Deleted users and items are read back from the tombstones, so a model trained before a delete
 * never answers with the deleted ids.
 */
@Component
public class ModelLoader {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelStore store;
    private final ModelHolder holder;
    private final ChangeLog changes;
    private final Tombstones tombstones;
    private final ModelPublisher publisher;
    private final ChangeFeed feed;
    private final Map<Long, Instant> appliedTombstones = new ConcurrentHashMap<>();

    public ModelLoader(ModelStore store, ModelHolder holder, ChangeLog changes, Tombstones tombstones,
                       ModelPublisher publisher, ChangeFeed feed) {
        this.feed = feed;
        this.store = store;
        this.holder = holder;
        this.changes = changes;
        this.tombstones = tombstones;
        this.publisher = publisher;
    }

    /** At start-up: serves the last stored model, minus every user and item deleted since it was trained. */
    public void loadStoredModel() {
        try {
            store.loadLatest().ifPresent(s -> {
                applyTombstones(Instant.EPOCH);
                publisher.serveStored(s);
                log.info("Serving stored model version {} ({} users, {} items)", s.model().version(),
                        s.model().users().size(), s.model().items().size());
            });
        } catch (RuntimeException e) {
            log.error("The stored model could not be loaded; serving popular items until the next run", e);
        }
    }

    /**
     * Loads a newer model stored by another instance sharing the database; {@code training} tells that a run
     * of this instance is under way (it publishes its own model, and must not be retired under it).
     */
    public void loadNewerModel(boolean training) {
        // deletions made through other instances: the window overlaps, so one committed late is not missed
        applyTombstones(Instant.now().minus(ModelPublisher.TOMBSTONE_WINDOW));
        long served = holder.current().map(ServedModel::version).orElse(0L);
        Optional<Long> latest = store.latestVersion();
        if (latest.isEmpty() && served > 0 && !training) {
            publisher.retireServed();
            log.info("No stored model any more (another instance found the store empty): model {} retired", served);
        }
        if (latest.isPresent() && latest.get() > served && !training) {
            applyTombstones(Instant.EPOCH);
            ModelStore.Stored s = store.load(latest.get());
            publisher.serveStored(s);
            log.info("Loaded model version {} trained by another instance", latest.get());
        }
    }

    /**
     * Notes the tombstones written since {@code from} (those not noted yet) as deletions newer than the served
     * model, so neither a model loaded now nor one already served answers with a deleted user or item.
     */
    private void applyTombstones(Instant from) {
        List<String> users = new ArrayList<>();
        List<String> items = new ArrayList<>();
        // a feed number at or above their deletes' rows: a model whose snapshot saw it reflects them
        long bound = feed.enabled() ? feed.position() : ChangeFeed.NOT_RECORDED;
        for (Tombstones.Tombstone t : tombstones.since(from)) {
            if (appliedTombstones.putIfAbsent(t.seq(), t.deletedAt()) == null) {
                (Tombstones.USER.equals(t.kind()) ? users : items).add(t.externalId());
            }
        }
        if (!users.isEmpty() || !items.isEmpty()) {
            changes.markDeleted(users, items, bound);
        }
        appliedTombstones.values().removeIf(at -> at.isBefore(from));
    }
}
