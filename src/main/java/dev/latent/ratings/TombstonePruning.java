package dev.latent.ratings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * When a tombstone ({@code deletions}) may go: once a model is published whose snapshot was read after the
 * delete committed. A delete commits within a lock timeout of writing its tombstone, so a model whose read of
 * the ratings started at {@code snapshotStart} excludes every delete whose tombstone is older than
 * {@code snapshotStart - WINDOW}. Whoever publishes a model applies it: the service (training's
 * {@code ModelPublisher}) and the Spark job, which writes its model straight into the store (plain JDBC, no
 * Spring: this class is compiled into spark/ too).
 */
public final class TombstonePruning {

    /** How far before the snapshot a tombstone is kept, and how far back instances poll for new ones. */
    public static final Duration WINDOW = Duration.ofMinutes(10);

    private TombstonePruning() {
    }

    /** The oldest tombstone time to keep after publishing a model read from {@code snapshotStart}. */
    public static Instant keepFrom(Instant snapshotStart) {
        return snapshotStart.minus(WINDOW);
    }

    /** Drops, in {@code c}'s transaction, the tombstones a model read from {@code snapshotStart} excludes. */
    public static int prune(Connection c, Instant snapshotStart) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM deletions WHERE deleted_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(keepFrom(snapshotStart)));
            return ps.executeUpdate();
        }
    }
}
