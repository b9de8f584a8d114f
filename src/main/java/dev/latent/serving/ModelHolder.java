package dev.latent.serving;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The model being served: one atomic reference, replaced whole. Readers take {@link #current()} once per
 * request and keep it, so a request never mixes two models and never waits on training. Also the
 * {@code model} health indicator that the readiness group includes: out of service until a model is loaded.
 */
@Component("model")
public class ModelHolder implements HealthIndicator {

    private final AtomicReference<ServedModel> current = new AtomicReference<>();

    public Optional<ServedModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** Serves {@code model} from now on, unless a newer version is already served. */
    public boolean swap(ServedModel model) {
        while (true) {
            ServedModel old = current.get();
            if (old != null && old.version() >= model.version()) {
                return false;
            }
            if (current.compareAndSet(old, model)) {
                return true;
            }
        }
    }

    @Override
    public Health health() {
        ServedModel m = current.get();
        return m == null
                ? Health.outOfService().withDetail("model", "none loaded yet: train one").build()
                : Health.up().withDetail("version", m.version()).withDetail("trainedAt", m.trainedAt().toString()).build();
    }
}
