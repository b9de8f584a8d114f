package dev.latent.serving;

import dev.latent.factorization.CholeskyFactor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The Cholesky factors of users' row systems A_u = L Lᵀ that explanations solve with, by user id, least recently
 * used first out, bounded by the bytes they hold ({@code latent.serving.explanation-cache-size}). With the
 * factor kept, an explanation costs two triangular solves and n dot products per item instead of building A_u
 * (O(n k²/2)) and factorising it (O(k³/3)) again.
 *
 * <p>An entry is served only for what it was built from: the same model version (a swap invalidates), no
 * change of the user's ratings and no deleted item since the {@link LiveChanges} sequence read before the
 * user's ratings were (the rule of {@link FoldInCache}, {@link LiveChanges#unchangedSince}), and, checked on
 * every hit, the very rated items and ratings it was built from. The factor and the weights kept with it are
 * functions of those and the model alone, so a hit gives the explanation a rebuild would, bit for bit, and
 * spares it computing the weights too.
 *
 * <p>Each entry also remembers, for the last {@value #MEMO_TARGETS} items it explained, their top terms (at
 * most {@value #MEMO_KEEP}: the positions among the rated items and the weights, a {@link Memo}): a function of
 * the factor, the weights, the rated items and the served item factors, all fixed for the entry, so a repeated
 * explanation of an item (the same user asking for the same page again) is served from it bit for bit without
 * the substitutions and dot products. Its bytes are counted in the entry's from the start.
 *
 * <p>Not a cache library: none is on the classpath (Spring Boot pulls no Caffeine without its cache starter),
 * and this is one access-ordered map under a lock held for a lookup or an insert.
 */
@Component
public class ExplanationCache {

    /** Bytes an entry costs besides its factor and arrays: the entry, the key's map node, array headers. */
    static final long ENTRY_OVERHEAD = 160;

    /** How many explained items an entry remembers the top terms of (the last ones explained). */
    static final int MEMO_TARGETS = 16;

    /** The most terms remembered for one item (a recommendation's explanation names 3). */
    static final int MEMO_KEEP = 10;

    /**
     * Bytes the memo may take: its slot array and counter, and for each slot one {@link Terms} with two arrays
     * of {@value #MEMO_KEEP} (about 2.4 KB; headers of 16 bytes, references of 4).
     */
    static final long MEMO_BYTES = 16 + 4L * MEMO_TARGETS + 16 + 16
            + MEMO_TARGETS * (32 + 2 * (16 + 4L * MEMO_KEEP));

    /**
     * The top {@code keep} terms of one explained item (model index {@code target}): positions in the entry's
     * rated items and weights, best first, as {@code TopN.select} returned them; fewer than {@code keep} when
     * the user rated fewer or some terms were NaN. Immutable.
     */
    record Terms(int target, int keep, int[] positions, float[] weights) {
    }

    /**
     * An entry's remembered terms, {@value #MEMO_TARGETS} slots replaced round-robin. Shared by the request
     * threads that hit the entry: slots are read and written whole (immutable {@link Terms}), a lost race
     * only loses a memo.
     */
    static final class Memo {
        private final AtomicReferenceArray<Terms> slots = new AtomicReferenceArray<>(MEMO_TARGETS);
        private final AtomicInteger next = new AtomicInteger();

        /** The remembered terms of {@code target} holding its top {@code keep} or more; else null. */
        Terms get(int target, int keep) {
            for (int s = 0; s < MEMO_TARGETS; s++) {
                Terms t = slots.get(s);
                if (t != null && t.target() == target && t.keep() >= keep) {
                    return t;
                }
            }
            return null;
        }

        /** Remembers {@code terms} in the oldest slot (when it holds at most {@value #MEMO_KEEP} terms). */
        void put(Terms terms) {
            if (terms.keep() <= MEMO_KEEP) {
                slots.set(Math.floorMod(next.getAndIncrement(), MEMO_TARGETS), terms);
            }
        }
    }

    /**
     * One cached factor, what it was built from (the rated items and their ratings) and the right-hand-side
     * weights w_j of the explanation, which are a function of those ratings under the model.
     */
    private record Entry(long modelVersion, long changeSeq, int[] rated, float[] values, float[] weight,
                         CholeskyFactor system, long bytes, Memo memo) {

        boolean builtFrom(int[] r, float[] v, int n) {
            if (rated.length != n) {
                return false;
            }
            for (int j = 0; j < n; j++) {
                if (rated[j] != r[j] || Float.floatToRawIntBits(values[j]) != Float.floatToRawIntBits(v[j])) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A cache hit: the factor of the user's row system, the weights w_j it was kept with and the entry's
     * remembered terms.
     */
    record Hit(CholeskyFactor system, float[] weight, Memo memo) {
    }

    private final LiveChanges changes;
    private final long capacity;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder remembered = new LongAdder();
    private final LongAdder computed = new LongAdder();
    /** Guarded by this: the bytes the entries hold, and the newest model version an entry was put for. */
    private long bytes;
    private long newestVersion = Long.MIN_VALUE;

    @Autowired
    public ExplanationCache(LiveChanges changes, ServingProperties properties) {
        this(changes, properties.explanationCacheBytes());
    }

    ExplanationCache(LiveChanges changes, long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacity must be >= 0");
        }
        this.changes = changes;
        this.capacity = capacityBytes;
    }

    /** The bytes an entry of a rank-{@code k} factor over {@code n} rated items takes. */
    static long entryBytes(CholeskyFactor system, int n) {
        return system.bytes() + 12L * n + ENTRY_OVERHEAD + MEMO_BYTES;
    }

    /**
     * The factor of {@code userId}'s system under model {@code modelVersion} and its weights when one is
     * cached, still valid and built from exactly the rated items {@code rated[0..n)} with the ratings
     * {@code values[0..n)} (the Gram and right-hand-side weights are functions of those under one model
     * version, so they need not be computed to look up); else null (a miss).
     */
    Hit get(String userId, long modelVersion, int[] rated, float[] values, int n) {
        Entry e;
        synchronized (this) {
            e = entries.get(userId);
            if (e != null && (e.modelVersion() != modelVersion || !changes.unchangedSince(userId, e.changeSeq()))) {
                if (e.modelVersion() <= modelVersion) {
                    remove(userId); // stale for good: free its bytes now
                }
                e = null;
            }
        }
        if (e != null && e.builtFrom(rated, values, n)) {
            hits.increment();
            return new Hit(e.system(), e.weight(), e.memo());
        }
        misses.increment();
        return null;
    }

    /**
     * Keeps the factor of {@code userId}'s system built from the rated items {@code rated[0..n)} with the
     * ratings {@code values[0..n)} under model {@code modelVersion}, and their weights {@code weight[0..n)},
     * from ratings read after the {@link LiveChanges} sequence {@code changeSeq}. Evicts the least recently
     * used entries to stay within the bound; a factor larger than the whole bound, or of a model older than one
     * already cached for, is not kept. A newer model version drops every entry of the older ones.
     *
     * @return the new entry's memo, for the caller to remember the terms it computes next; null when the
     *         entry was not kept
     */
    Memo put(String userId, long modelVersion, long changeSeq, int[] rated, float[] values, float[] weight, int n,
             CholeskyFactor system) {
        long b = entryBytes(system, n);
        if (b > capacity) {
            return null;
        }
        Entry e = new Entry(modelVersion, changeSeq, Arrays.copyOf(rated, n), Arrays.copyOf(values, n),
                Arrays.copyOf(weight, n), system, b, new Memo());
        synchronized (this) {
            if (modelVersion < newestVersion) {
                return null;
            }
            if (modelVersion > newestVersion) {
                entries.clear();
                bytes = 0;
                newestVersion = modelVersion;
            }
            remove(userId);
            entries.put(userId, e);
            bytes += b;
            Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
            while (bytes > capacity && eldest.hasNext()) {
                bytes -= eldest.next().getValue().bytes();
                eldest.remove();
            }
        }
        return e.memo();
    }

    private void remove(String userId) {
        Entry old = entries.remove(userId);
        if (old != null) {
            bytes -= old.bytes();
        }
    }

    /** The bound, in bytes (0: off). */
    public long capacity() {
        return capacity;
    }

    /** Bytes held now (never above {@link #capacity()}). */
    public synchronized long bytes() {
        return bytes;
    }

    /** Factors held now. */
    public synchronized int size() {
        return entries.size();
    }

    /** Explanations that reused a cached factor. */
    public long hits() {
        return hits.sum();
    }

    /** Explanations that built their user's factor (none cached, stale, or the cache off). */
    public long misses() {
        return misses.sum();
    }

    /** Counts explained items: {@code fromMemo} whose top terms an entry's memo held, {@code solved} the others. */
    void explained(int fromMemo, int solved) {
        remembered.add(fromMemo);
        computed.add(solved);
    }

    /** Explained items whose top terms came from an entry's memo. */
    public long remembered() {
        return remembered.sum();
    }

    /** Explained items whose terms were computed (substitutions and dot products). */
    public long computed() {
        return computed.sum();
    }
}
