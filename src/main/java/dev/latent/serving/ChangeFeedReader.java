package dev.latent.serving;

import dev.latent.catalog.CatalogView;
import dev.latent.model.store.ModelStore;
import dev.latent.ratings.ChangeFeed;
import dev.latent.ratings.ClusterProperties;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Applies the writes made through the other instances sharing the database, from the store's change feed
 * ({@link ChangeFeed}), to what this instance holds in memory: {@link LiveChanges} (so their users are folded
 * in afresh, their deletes never served) and the {@link CatalogView} (hidden items, availability, categories).
 * Only with {@code latent.cluster.enabled}.
 *
 * <p>The feed is read by its number, but numbers from a sequence commit out of order: row 41 may commit after
 * row 42. The reader keeps the highest number it has read and the numbers below it it has not seen (gaps),
 * and reads the gaps again on every poll until they show up or {@code latent.cluster.gap-timeout} passes (a
 * rolled-back write leaves a gap forever). A row is therefore applied however late it commits within that
 * timeout; a write takes its number as its transaction's last statement, so the disorder lasts about one
 * commit. Polls run every {@code latent.cluster.change-poll}; on PostgreSQL a {@code LISTEN} connection wakes
 * the reader as soon as a write commits ({@code NOTIFY} in the write's transaction), so most changes are applied
 * within milliseconds and none later than a poll interval (plus the query) after its commit.
 *
 * <p>At start-up the reader begins at the lowest change-feed mark of the stored models, so that the changes
 * made since the model this instance loads was trained (while it was down) are applied too.
 */
@Component
public class ChangeFeedReader implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeedReader.class);
    /** Rows per read. */
    private static final int PAGE = 5_000;
    /** A jump larger than this between two rows is not a set of gaps (rows pruned, or never written). */
    private static final int MAX_GAP_RUN = 1_000;

    private final ChangeFeed feed;
    private final LiveChanges changes;
    private final CatalogView catalog;
    private final ModelStore store;
    private final DataSource dataSource;
    private final ClusterProperties properties;
    private final long createdAt;
    private final Map<Long, Long> gaps = new LinkedHashMap<>();
    private volatile long high = -1;
    private volatile long applied;
    private volatile boolean running;
    private Thread thread;
    private Connection listener;
    private boolean listenedOnce;

    public ChangeFeedReader(ChangeFeed feed, LiveChanges changes, CatalogView catalog, ModelStore store,
                            DataSource dataSource, ClusterProperties properties) {
        this.feed = feed;
        this.changes = changes;
        this.catalog = catalog;
        this.store = store;
        this.dataSource = dataSource;
        this.properties = properties;
        // before the catalogue view reads the store (after every bean exists): nothing it misses is skipped here
        this.createdAt = feed.enabled() ? feed.position() : 0;
    }

    /**
     * At start-up: starts reading the feed (when the cluster mode is on). Whether the stored model is loaded
     * before or after the first rows are applied does not matter: loading it keeps the changes it does not
     * reflect ({@link LiveChanges#rebase}).
     */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (!feed.enabled() || running) {
            return;
        }
        long from = createdAt;
        try {
            from = Math.min(from, Math.max(0, store.lowestFeedSeq().orElse(from)));
        } catch (RuntimeException e) {
            log.warn("Could not read the stored models' feed marks; reading the change feed from now: {}",
                    e.getMessage());
        }
        high = from;
        running = true;
        thread = new Thread(this::loop, "latent-change-feed");
        thread.setDaemon(true);
        thread.start();
        log.info("Applying the other instances' writes from the change feed (from row {}, every {})", from,
                properties.changePoll());
    }

    private void loop() {
        long pollMillis = Math.max(1, properties.changePoll().toMillis());
        while (running) {
            try {
                while (poll() == PAGE && running) {
                    // a backlog (the replay at start-up): read on without waiting
                }
            } catch (RuntimeException e) {
                log.warn("Reading the change feed failed (retrying): {}", e.getMessage());
            }
            try {
                awaitNotification(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits up to {@code millis} for a NOTIFY of a committed write (PostgreSQL), else sleeps. */
    private void awaitNotification(long millis) throws InterruptedException {
        if (listener == null) {
            listener = openListener();
        }
        if (listener == null) {
            Thread.sleep(millis);
            return;
        }
        try {
            Object pg = listener.unwrap(PG_CONNECTION);
            Object got = GET_NOTIFICATIONS.invoke(pg, (int) Math.min(Integer.MAX_VALUE, millis));
            if (got == null) {
                return;
            }
        } catch (ReflectiveOperationException | SQLException e) {
            log.debug("The LISTEN connection failed ({}); polling until it is back", e.toString());
            closeListener();
            Thread.sleep(millis);
        }
    }

    private static final Class<?> PG_CONNECTION;
    private static final Method GET_NOTIFICATIONS;

    static {
        Class<?> c = null;
        Method m = null;
        try {
            c = Class.forName("org.postgresql.PGConnection");
            m = c.getMethod("getNotifications", int.class);
        } catch (ReflectiveOperationException e) {
            // no PostgreSQL driver: polls only
        }
        PG_CONNECTION = c;
        GET_NOTIFICATIONS = m;
    }

    private Connection openListener() {
        if (GET_NOTIFICATIONS == null) {
            return null;
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            if (!c.isWrapperFor(PG_CONNECTION)) {
                c.close();
                return null;
            }
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("LISTEN " + ChangeFeed.CHANNEL);
            }
            if (!listenedOnce) {
                listenedOnce = true;
                log.info("Listening for {} notifications: the change feed is read as soon as a write commits",
                        ChangeFeed.CHANNEL);
            }
            return c;
        } catch (SQLException e) {
            log.debug("No LISTEN connection ({}); polling", e.getMessage());
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already broken
                }
            }
            return null;
        }
    }

    private void closeListener() {
        if (listener != null) {
            try {
                listener.close();
            } catch (SQLException ignored) {
                // already broken
            }
            listener = null;
        }
    }

    /** Reads and applies what is new (and the gaps that filled); returns the rows read past the high mark. */
    synchronized int poll() {
        long now = System.nanoTime();
        List<ChangeFeed.Entry> fresh = feed.after(high, PAGE);
        List<ChangeFeed.Entry> late = gaps.isEmpty() ? List.of() : feed.numbered(new ArrayList<>(gaps.keySet()));
        TreeMap<Long, ChangeFeed.Entry> rows = new TreeMap<>();
        for (ChangeFeed.Entry e : late) {
            rows.put(e.seq(), e);
        }
        for (ChangeFeed.Entry e : fresh) {
            rows.put(e.seq(), e);
        }
        for (ChangeFeed.Entry e : rows.values()) {
            if (e.seq() > high) {
                if (high >= 0 && e.seq() - high - 1 <= MAX_GAP_RUN) {
                    for (long s = high + 1; s < e.seq(); s++) {
                        gaps.put(s, now);
                    }
                }
                high = e.seq();
            } else if (gaps.remove(e.seq()) == null) {
                continue; // applied already
            }
            if (!e.origin().equals(feed.origin())) {
                apply(e);
            }
        }
        long timeout = properties.gapTimeout().toNanos();
        gaps.values().removeIf(seen -> now - seen > timeout);
        return fresh.size();
    }

    private void apply(ChangeFeed.Entry e) {
        applied++;
        switch (e.kind()) {
            case ChangeFeed.USERS -> changes.usersChanged(e.ids(), e.seq());
            case ChangeFeed.USER_DELETED -> e.ids().forEach(id -> changes.userDeleted(id, e.seq()));
            case ChangeFeed.ITEM_DELETED -> {
                e.ids().forEach(id -> changes.itemDeleted(id, e.seq()));
                catalog.refresh(e.ids());
            }
            case ChangeFeed.ITEMS -> catalog.refresh(e.ids());
            case ChangeFeed.CATALOG -> catalog.reloadAll();
            default -> log.warn("Unknown change-feed row kind {} (row {}): written by a newer version?", e.kind(),
                    e.seq());
        }
    }

    /** The highest feed number read, the gaps still looked for, and the rows of other instances applied. */
    public record State(long high, int gaps, long applied) {
    }

    public synchronized State state() {
        return new State(high, gaps.size(), applied);
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
        closeListener();
    }
}
