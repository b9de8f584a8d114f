package dev.latent.training;

import dev.latent.model.FeedMark;
import dev.latent.model.store.ModelStore;
import dev.latent.ratings.ChangeFeed;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Drops the change-feed rows no instance needs any more: those at or below the {@link FeedMark#floor()} of every
 * stored model (an instance that starts now loads one of them and replays the feed from that floor) and older
 * than {@link ModelPublisher#TOMBSTONE_WINDOW} (a running instance reads a row within moments of its commit).
 * A model stored without a mark (the Spark job reading an export) holds nothing back: it is taken to reflect
 * the rating changes held, and its deletes come from the tombstones.
 *
 * <p>The trainer prunes when it publishes ({@link #pruneBefore}); every instance's model poll also calls
 * {@link #pruneIfDue()}, so the feed is pruned when no instance trains (the Spark job writes the models). Of
 * the instances sharing the database, one prunes per new floor or per {@link #INTERVAL}: the one whose
 * conditional update of the single {@code feed_pruning} row succeeds. Two prunes at once would be harmless
 * anyway: each deletes rows no reader needs, by a range of the key.
 */
@Component
public class FeedPruner {

    private static final Logger log = LoggerFactory.getLogger(FeedPruner.class);

    /** How often some instance prunes when no new model raised the floor (rows that were too young before). */
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final ModelStore store;
    private final ChangeFeed feed;
    private final JdbcClient jdbc;

    public FeedPruner(ModelStore store, ChangeFeed feed, JdbcClient jdbc) {
        this.store = store;
        this.feed = feed;
        this.jdbc = jdbc;
    }

    /**
     * Prunes when a stored model raised the floor since the last prune (by any instance), or when the last was
     * {@link #INTERVAL} ago, and this instance wins the claim. Returns the rows dropped.
     */
    public int pruneIfDue() {
        if (!feed.enabled()) {
            return 0;
        }
        OptionalLong floor = floor();
        if (floor.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        long f = floor.getAsLong();
        int claimed = jdbc.sql("UPDATE feed_pruning SET pruned_at = ?, pruned_floor = ? "
                        + "WHERE id = 1 AND (pruned_floor < ? OR pruned_at < ?)")
                .params(Timestamp.from(now), f, f, Timestamp.from(now.minus(INTERVAL))).update();
        if (claimed == 0) {
            return 0; // another instance pruned up to this floor a moment ago
        }
        int dropped = feed.pruneUpTo(f, now.minus(ModelPublisher.TOMBSTONE_WINDOW));
        if (dropped > 0) {
            log.debug("Pruned {} change-feed rows up to row {}", dropped, f);
        }
        return dropped;
    }

    /** Drops the rows at or below the stored models' floor written before {@code before}. */
    public int pruneBefore(Instant before) {
        if (!feed.enabled()) {
            return 0;
        }
        OptionalLong floor = floor();
        return floor.isPresent() ? feed.pruneUpTo(floor.getAsLong(), before) : 0;
    }

    /**
     * The lowest floor of the stored models' marks; {@link Long#MAX_VALUE} when none of them has a mark (every
     * row old enough may go); empty when no model is stored (an instance that starts replays what is there).
     */
    OptionalLong floor() {
        List<FeedMark> marks = store.feedMarks();
        if (marks.isEmpty()) {
            return OptionalLong.empty();
        }
        long lowest = Long.MAX_VALUE;
        for (FeedMark m : marks) {
            if (m != FeedMark.NONE) {
                lowest = Math.min(lowest, m.floor());
            }
        }
        return OptionalLong.of(lowest);
    }
}
