package dev.latent.ratings;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * A cheap answer to "did the ratings change since I last looked?": a counter bumped after every committed
 * write (upsert, batch, import, deletes), before its event is published. It starts at 0 at each start-up, so
 * compare it only within one process; across restarts compare {@code /stats} (ratings count, newest rating).
 */
@Component
public class RatingsChangeCounter {

    private final AtomicLong version = new AtomicLong();

    /** The number of committed writes since start-up. */
    public long current() {
        return version.get();
    }

    /** True when a write committed after {@code seen} was read from {@link #current()}. */
    public boolean changedSince(long seen) {
        return version.get() != seen;
    }

    long increment() {
        return version.incrementAndGet();
    }
}
