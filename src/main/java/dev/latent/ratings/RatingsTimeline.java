package dev.latent.ratings;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Ratings over time, as {@code GET /stats} shows them: counts of ratings per bucket of whole days, from the day
 * of the oldest rating to the day of the newest, in at most {@link #MAX_BUCKETS} buckets (one day each while the
 * ratings span a year or less, wider buckets past that), so the answer stays small whatever the store holds.
 *
 * <p>It costs two more scans of the ratings table, so an answer is reused while no write committed in this process,
 * for up to {@link #KEEP_NANOS} (writes of other instances on the same database show at the latest then): a
 * dashboard polling an idle store of millions of ratings does not pay for them on every poll.
 */
@Component
class RatingsTimeline {

    static final int MAX_BUCKETS = 366;
    static final long DAY_MS = 86_400_000L;
    private static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Cached(long changeCounter, long computedAt, RatingsStats.Timeline series) {
    }

    private final RatingRepository ratings;
    private final RatingsChangeCounter counter;
    private final AtomicReference<Cached> cache = new AtomicReference<>();

    RatingsTimeline(RatingRepository ratings, RatingsChangeCounter counter) {
        this.ratings = ratings;
        this.counter = counter;
    }

    /** The series, computed again when the cached one is stale (call inside a read transaction). */
    RatingsStats.Timeline current() {
        long changes = counter.current();
        long now = System.nanoTime();
        Cached c = cache.get();
        if (c != null && c.changeCounter == changes && now - c.computedAt < KEEP_NANOS) {
            return c.series;
        }
        RatingsStats.Timeline series = compute();
        cache.set(new Cached(changes, now, series));
        return series;
    }

    private RatingsStats.Timeline compute() {
        Object[] range = ratings.tsRange().get(0);
        if (range[0] == null) {
            return new RatingsStats.Timeline(null, 1, List.of());
        }
        long firstDay = Math.floorDiv(((Number) range[0]).longValue(), DAY_MS);
        long lastDay = Math.floorDiv(((Number) range[1]).longValue(), DAY_MS);
        int bucketDays = bucketDays(lastDay - firstDay + 1);
        long start = firstDay * DAY_MS;
        long width = bucketDays * DAY_MS;
        int buckets = (int) ((lastDay - firstDay) / bucketDays) + 1;
        Long[] counts = new Long[buckets];
        Arrays.fill(counts, 0L);
        for (Object[] row : ratings.countsPerBucket(start, width)) {
            int bucket = ((Number) row[0]).intValue();
            // a rating written between the two scans may fall past the range measured first: leave it out
            if (bucket >= 0 && bucket < buckets) {
                counts[bucket] = ((Number) row[1]).longValue();
            }
        }
        return new RatingsStats.Timeline(Instant.ofEpochMilli(start), bucketDays, List.of(counts));
    }

    /** The fewest whole days per bucket that cover {@code spanDays} days in at most {@link #MAX_BUCKETS} buckets. */
    static int bucketDays(long spanDays) {
        return (int) Math.max(1, (spanDays + MAX_BUCKETS - 1) / MAX_BUCKETS);
    }
}
