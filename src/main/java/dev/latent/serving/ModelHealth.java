package dev.latent.serving;

import dev.latent.model.ModelHolder;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code model} health indicator (part of readiness): up with the served version once a model is loaded;
 * out of service while ratings are stored but no model serves them yet (a first training run is pending).
 * An empty store is ready: there is nothing to serve, and ingestion must be reachable to fill it.
 */
@Component("model")
public class ModelHealth implements HealthIndicator {

    private final ModelHolder holder;
    private final JdbcClient jdbc;

    public ModelHealth(ModelHolder holder, JdbcClient jdbc) {
        this.holder = holder;
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        return holder.current()
                .map(m -> Health.up().withDetail("version", m.version()).withDetail("trainedAt", m.trainedAt().toString())
                        .build())
                .orElseGet(() -> hasRatings()
                        ? Health.outOfService().withDetail("model", "ratings are stored but no model is trained yet")
                                .build()
                        : Health.up().withDetail("model", "none: no ratings yet").build());
    }

    private boolean hasRatings() {
        return jdbc.sql("SELECT 1 FROM ratings FETCH FIRST 1 ROWS ONLY").query(Integer.class).optional().isPresent();
    }
}
