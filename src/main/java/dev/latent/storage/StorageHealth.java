package dev.latent.storage;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code storage} health indicator (part of readiness): up while the store takes a committed write.
 * A full or read-only disk, or an H2 database that closed itself after a failed write, takes readiness down
 * (liveness stays up: the process is fine and recovers by itself once the storage does, so a restart would not
 * help). The probe updates one row of {@code storage_probe}, at most every {@code latent.storage.probe-interval}.
 */
final class StorageHealth implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(StorageHealth.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final long intervalNanos;
    private volatile long checkedAt;
    private volatile Health last;
    private final FreeSpace freeSpace;

    StorageHealth(JdbcTemplate jdbc, PlatformTransactionManager transactions, StorageProperties properties,
                  FreeSpace freeSpace) {
        this.freeSpace = freeSpace;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.intervalNanos = properties.probeInterval().toNanos();
    }

    @Override
    public Health health() {
        long now = System.nanoTime();
        Health cached = last;
        if (cached != null && now - checkedAt < intervalNanos) {
            return cached;
        }
        Health health = probe();
        if (cached != null && !cached.getStatus().equals(health.getStatus())) {
            log.warn("storage is {} ({})", health.getStatus(), health.getDetails());
        }
        last = health;
        checkedAt = now;
        return health;
    }

    private Health probe() {
        try {
            freeSpace.check(); // a probe write of its own would fill the last bytes H2 needs to close cleanly
            tx.executeWithoutResult(s -> jdbc.update("UPDATE storage_probe SET checked_at = ? WHERE id = 1",
                    System.currentTimeMillis()));
            return Health.up().withDetail("checkedAt", Instant.now().toString()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", StorageFailures.isStorageFailure(e)
                    ? "the store does not take writes: " + rootMessage(e) : rootMessage(e)).build();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
