package dev.latent.serving;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Folded-in users by user id, each valid for one model version and until that user's ratings change or an
 * item is deleted after it was solved (both told by {@link LiveChanges} sequence numbers, so a solve that
 * raced with a write is never kept). Bounded: past the configured size it starts over, which costs at most
 * one fold-in per active user.
 */
@Component
public class FoldInCache {

    private final Map<String, FoldedUser> cache = new ConcurrentHashMap<>();
    private final LiveChanges changes;
    private final int maxEntries;

    public FoldInCache(LiveChanges changes, @Value("${latent.serving.fold-in-cache-size:100000}") int maxEntries) {
        this.changes = changes;
        this.maxEntries = maxEntries;
    }

    /** Folded-in users cached now. */
    public int size() {
        return cache.size();
    }

    /**
     * The cached fold-in of {@code userId} for {@code modelVersion}, computed by {@code solve} when absent or
     * stale; {@code onHit} is told when the cached one served.
     */
    public FoldedUser get(String userId, long modelVersion, Function<String, FoldedUser> solve, Runnable onHit) {
        FoldedUser f = cache.get(userId);
        if (f != null && f.modelVersion() == modelVersion && changes.unchangedSince(userId, f.changeSeq())) {
            onHit.run();
            return f;
        }
        FoldedUser fresh = solve.apply(userId);
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        cache.put(userId, fresh);
        return fresh;
    }

}
