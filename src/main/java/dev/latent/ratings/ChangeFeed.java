package dev.latent.ratings;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * The store's change feed ({@code change_feed}): what every instance must apply to serve the same answers
 * (users whose ratings changed, deleted users and items, catalogue entries). A write records its row as the
 * last statement of its own transaction, so the row commits exactly when the write does, and its number is
 * taken a moment before the commit (numbers from a sequence commit out of order; taking them last keeps the
 * disorder to the commits in flight at once, which the reader waits out, see {@code serving.ChangeFeedReader}).
 * Off (no rows, nothing read) unless {@code latent.cluster.enabled}, or training is left to an external engine
 * ({@code latent.training.engine=external}): then the feed is how an instance tells which of the changes it
 * holds a model stored by the Spark job reflects (its mark, {@code model.FeedMark}), even on one instance.
 */
@Component
public class ChangeFeed {

    /** Users whose ratings changed (put, batch, import, rating deleted). */
    public static final String USERS = "users";
    public static final String USER_DELETED = "user-deleted";
    public static final String ITEM_DELETED = "item-deleted";
    /** Catalogue entries written (put, patch, batch). */
    public static final String ITEMS = "items";
    /** A catalogue import: re-read the whole catalogue. */
    public static final String CATALOG = "catalog";
    /** A feed number no row takes: the change is not in the feed (the feed is off). */
    public static final long NOT_RECORDED = Long.MAX_VALUE;

    /** Ids per row: a bulk write of many users takes several rows. */
    private static final int IDS_PER_ROW = 1000;
    /** Ids never contain a newline (RatingRules). */
    private static final String SEPARATOR = "\n";

    /** One row of the feed. */
    public record Entry(long seq, String kind, List<String> ids, String origin) {
    }

    private final JdbcClient jdbc;
    private final boolean enabled;
    /** This process: its own rows are applied already when they are read back. */
    private final String origin = UUID.randomUUID().toString();

    /** PostgreSQL: each recorded change also sends a NOTIFY (delivered at commit) to wake the readers. */
    private final boolean notify;

    public ChangeFeed(JdbcClient jdbc, ClusterProperties properties, DataSource dataSource,
                      @Value("${latent.training.engine:internal}") String trainingEngine) {
        this.jdbc = jdbc;
        this.enabled = properties.enabled() || "external".equals(trainingEngine);
        this.notify = enabled && isPostgres(dataSource);
    }

    /** The channel of the wake-up notifications. */
    public static final String CHANNEL = "latent_changes";

    static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the store: " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public String origin() {
        return origin;
    }

    /**
     * Records a change; must run inside the write's transaction, as its last statement. Returns the number of
     * its (last) row, or {@link #NOT_RECORDED} when the feed is off.
     */
    public long record(String kind, Collection<String> ids) {
        if (!enabled) {
            return NOT_RECORDED;
        }
        List<String> all = new ArrayList<>(ids);
        if (all.isEmpty()) {
            all.add("");
        }
        long last = NOT_RECORDED;
        Timestamp now = Timestamp.from(Instant.now());
        for (int from = 0; from < all.size(); from += IDS_PER_ROW) {
            String joined = String.join(SEPARATOR, all.subList(from, Math.min(all.size(), from + IDS_PER_ROW)));
            KeyHolder key = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO change_feed (kind, ids, origin, created_at) VALUES (?, ?, ?, ?)")
                    .params(kind, joined, origin, now).update(key, "seq");
            last = key.getKeyAs(Number.class).longValue();
        }
        if (notify) {
            jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query().singleRow();
        }
        return last;
    }

    /** The highest number in the feed (0 when empty). */
    public long position() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM change_feed").query(Long.class).single();
    }

    /** The rows numbered above {@code after}, oldest first, at most {@code limit}. */
    public List<Entry> after(long after, int limit) {
        return jdbc.sql("SELECT seq, kind, ids, origin FROM change_feed WHERE seq > ? ORDER BY seq FETCH FIRST "
                        + limit + " ROWS ONLY")
                .param(after).query((rs, n) -> entry(rs)).list();
    }

    /** The rows with these numbers that exist now. */
    public List<Entry> numbered(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        String in = "?, ".repeat(seqs.size() - 1) + "?";
        return jdbc.sql("SELECT seq, kind, ids, origin FROM change_feed WHERE seq IN (" + in + ") ORDER BY seq")
                .params(new ArrayList<>(seqs)).query((rs, n) -> entry(rs)).list();
    }

    /** Drops the rows numbered up to {@code seq} written before {@code before}: no reader needs them any more. */
    public int pruneUpTo(long seq, Instant before) {
        return jdbc.sql("DELETE FROM change_feed WHERE seq <= ? AND created_at < ?")
                .params(seq, Timestamp.from(before)).update();
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        String ids = rs.getString(3);
        return new Entry(rs.getLong(1), rs.getString(2), ids.isEmpty() ? List.of() : List.of(ids.split(SEPARATOR)),
                rs.getString(4));
    }
}
