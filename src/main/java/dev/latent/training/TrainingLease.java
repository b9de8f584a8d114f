package dev.latent.training;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The database decides which instance trains: a single-row lease in {@code training_lease}, taken by an
 * atomic conditional update, renewed while a run makes progress and released at its end. An instance that
 * dies loses the lease when it expires. Works the same on H2 and PostgreSQL.
 */
@Component
public class TrainingLease {

    private final JdbcClient jdbc;
    private final String holder;
    private final Duration ttl;

    public TrainingLease(JdbcClient jdbc, TrainingProperties properties) {
        this.jdbc = jdbc;
        this.ttl = properties.leaseTtl();
        String name = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        this.holder = name.substring(0, Math.min(90, name.length()));
    }

    /** Takes (or renews) the lease; false when another live instance holds it. */
    public boolean acquire() {
        Instant now = Instant.now();
        return jdbc.sql("UPDATE training_lease SET holder = ?, expires_at = ? "
                        + "WHERE id = 1 AND (holder IS NULL OR holder = ? OR expires_at < ?)")
                .params(holder, Timestamp.from(now.plus(ttl)), holder, Timestamp.from(now))
                .update() == 1;
    }

    public void release() {
        jdbc.sql("UPDATE training_lease SET holder = NULL, expires_at = NULL WHERE id = 1 AND holder = ?")
                .param(holder).update();
    }

    public String holder() {
        return holder;
    }
}
