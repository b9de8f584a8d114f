package dev.latent.serving;

import dev.latent.model.ModelHolder;
import dev.latent.ratings.RatingReads;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code model} health indicator (part of readiness): up with the served version once a model is loaded;
 * out of service while ratings are stored but no model serves them yet (a first training run is pending).
 * An empty store is ready: there is nothing to serve, and ingestion must be reachable to fill it.
 */
@Component("model")
public class ModelHealth implements HealthIndicator {

    private final ModelHolder holder;
    private final RatingReads reads;

    public ModelHealth(ModelHolder holder, RatingReads reads) {
        this.holder = holder;
        this.reads = reads;
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
        return reads.any();
    }
}
