package dev.latent.training;

import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The database decides which instance trains: a single-row lease in {@code training_lease}, taken by an
 * atomic conditional update. The holder is this instance's id ({@code latent.training.instance-id}, by default
 * host name and port), so a restarted instance takes back its own lease at once instead of waiting it out;
 * while a run is alive a heartbeat renews the lease every third of {@code latent.training.lease-ttl}, so a
 * crashed holder on another machine blocks training for at most one TTL. Works the same on H2 and PostgreSQL.
 */
@Component
public class TrainingLease implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TrainingLease.class);

    private final JdbcClient jdbc;
    private final String holder;
    private final Duration ttl;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "latent-lease-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> beating;

    public TrainingLease(JdbcClient jdbc, TrainingProperties properties, Environment environment) {
        this.jdbc = jdbc;
        this.ttl = properties.leaseTtl();
        String id = properties.instanceId() == null || properties.instanceId().isBlank()
                ? defaultId(environment) : properties.instanceId().trim();
        this.holder = id.substring(0, Math.min(100, id.length()));
    }

    /** Host name and server port; with a random port (0) no restart can reuse it, so a random suffix. */
    private static String defaultId(Environment environment) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        String port = environment.getProperty("server.port", "8080");
        return host + ":" + ("0".equals(port) ? "0/" + UUID.randomUUID() : port);
    }

    /** Takes (or renews) the lease; false when another live instance holds it. */
    public boolean acquire() {
        Instant now = Instant.now();
        return jdbc.sql("UPDATE training_lease SET holder = ?, expires_at = ? "
                        + "WHERE id = 1 AND (holder IS NULL OR holder = ? OR expires_at < ?)")
                .params(holder, Timestamp.from(now.plus(ttl)), holder, Timestamp.from(now))
                .update() == 1;
    }

    /** Takes the lease and keeps it alive with a heartbeat until {@link #release()}; false when another has it. */
    public synchronized boolean acquireWithHeartbeat() {
        if (!acquire()) {
            return false;
        }
        long period = Math.max(1, ttl.toMillis() / 3);
        beating = heartbeat.scheduleAtFixedRate(() -> {
            try {
                if (!acquire()) {
                    log.warn("The training lease was taken over by {}", otherHolder().orElse("nobody"));
                }
            } catch (RuntimeException e) {
                log.warn("Lease heartbeat failed: {}", e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return true;
    }

    public synchronized void release() {
        if (beating != null) {
            beating.cancel(false);
            beating = null;
        }
        jdbc.sql("UPDATE training_lease SET holder = NULL, expires_at = NULL WHERE id = 1 AND holder = ?")
                .param(holder).update();
    }

    /** The instance holding a live lease, when it is not this one. */
    public Optional<String> otherHolder() {
        return jdbc.sql("SELECT holder FROM training_lease WHERE id = 1 AND holder IS NOT NULL AND holder <> ? "
                        + "AND expires_at >= ?")
                .params(holder, Timestamp.from(Instant.now()))
                .query(String.class).optional();
    }

    public String holder() {
        return holder;
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
    }
}
