package dev.latent.ratings;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The durable record of deleted users and items ({@code deletions}). A delete writes its tombstone in its own
 * transaction, so the two commit together; whoever loads a model trained before the delete (a restart, another
 * instance) reads the tombstones and never serves the deleted ids from that model's factors.
 */
@Component
public class Tombstones {

    public static final String USER = "user";
    public static final String ITEM = "item";

    /** One deletion: which kind of id, the id, and its number and time. */
    public record Tombstone(long seq, String kind, String externalId, Instant deletedAt) {
    }

    private final JdbcClient jdbc;

    Tombstones(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run in the transaction of the delete. */
    void record(String kind, String externalId) {
        jdbc.sql("INSERT INTO deletions (kind, external_id, deleted_at) VALUES (?, ?, ?)")
                .params(kind, externalId, Timestamp.from(Instant.now())).update();
    }

    /** Every tombstone written at or after {@code from}, oldest first. */
    public List<Tombstone> since(Instant from) {
        return jdbc.sql("SELECT seq, kind, external_id, deleted_at FROM deletions WHERE deleted_at >= ? ORDER BY seq")
                .param(Timestamp.from(from))
                .query((rs, n) -> new Tombstone(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** Drops the tombstones written before {@code before}: every served model's snapshot already excludes them. */
    public int pruneBefore(Instant before) {
        return jdbc.sql("DELETE FROM deletions WHERE deleted_at < ?").param(Timestamp.from(before)).update();
    }
}
