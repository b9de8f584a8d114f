package dev.latent.ratings;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

/**
 * Collects the events the ratings side publishes, for the tests on {@link ApiTestSupport} (imported there; a
 * class of its own, since Spring Framework 7.1 would take a nested configuration class of a test class as that
 * test's whole context configuration).
 */
@TestConfiguration
class RecordedEvents {
    final List<Object> all = new CopyOnWriteArrayList<>();

    @EventListener
    void on(RatingsChanged e) {
        all.add(e);
    }

    @EventListener
    void on(UserDeleted e) {
        all.add(e);
    }

    @EventListener
    void on(ItemDeleted e) {
        all.add(e);
    }
}
