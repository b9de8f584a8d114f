package dev.latent.catalog;

/**
 * What the business rules need to know of one catalogued item, kept in memory by {@link CatalogView}.
 *
 * @param categories     interned category ids
 * @param availableFrom  epoch millis, {@link Long#MIN_VALUE} for no start
 * @param availableUntil epoch millis, {@link Long#MAX_VALUE} for no end
 * @param catalogedAt    epoch millis when it entered the catalogue
 */
public record ItemRules(String itemId, String[] categories, boolean hidden, long availableFrom, long availableUntil,
                        long catalogedAt) {

    /** Not hidden and within its availability window at {@code now}. */
    public boolean visibleAt(long now) {
        return !hidden && availableFrom <= now && now < availableUntil;
    }

    public boolean inAnyOf(java.util.Set<String> wanted) {
        for (String c : categories) {
            if (wanted.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** The first time after {@code now} at which {@link #visibleAt} may change, or {@link Long#MAX_VALUE}. */
    public long nextTransitionAfter(long now) {
        long next = Long.MAX_VALUE;
        if (availableFrom > now) {
            next = availableFrom;
        }
        if (availableUntil > now && availableUntil < next) {
            next = availableUntil;
        }
        return next;
    }
}
