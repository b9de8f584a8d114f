package dev.latent.serving;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code latent.serving.*} bound to a record ({@code fold-in-cache-size} is read by {@link FoldInCache} itself).
 *
 * @param explanationCacheSize memory kept for the Cholesky factors of users' row systems that explanations reuse
 *                             (about 19.3 KB a user at rank 64 with the memo of its last explained items,
 *                             plus 12 bytes a rated item); 0 turns the cache off
 *                             (every explanation builds and factorises the user's system again); unset: 1/16 of the
 *                             maximum heap. At most half of the maximum heap
 */
@ConfigurationProperties("latent.serving")
public record ServingProperties(DataSize explanationCacheSize) {

    /** The default share of the maximum heap: 1/16 (192 MiB of a 3 GiB heap, 8 MiB of 128 MiB). */
    static final int DEFAULT_HEAP_SHARE = 16;

    public ServingProperties {
        long max = Runtime.getRuntime().maxMemory();
        if (explanationCacheSize != null
                && (explanationCacheSize.toBytes() < 0 || explanationCacheSize.toBytes() > max / 2)) {
            throw new IllegalArgumentException("latent.serving.explanation-cache-size must be between 0 and half of the "
                    + "maximum heap (" + (max / 2 >> 20) + "MB here), not " + explanationCacheSize);
        }
    }

    /** The explanation cache's bound in bytes: the setting, or 1/16 of the maximum heap when unset. */
    public long explanationCacheBytes() {
        return explanationCacheSize != null ? explanationCacheSize.toBytes()
                : Runtime.getRuntime().maxMemory() / DEFAULT_HEAP_SHARE;
    }
}
