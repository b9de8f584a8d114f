package dev.latent.ratings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validated ratings on their way to the store: client ids interned into two dictionaries (each distinct id
 * once) and the rows as indices into them, so a million lines over ten thousand users hold ten thousand
 * strings, not a million.
 */
final class RatingBatch {

    private final List<String> userIds = new ArrayList<>();
    private final Map<String, Integer> userIndex = new HashMap<>();
    private final List<String> itemIds = new ArrayList<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();
    private final RatingRows rows;
    private long idBytes;

    RatingBatch(int expectedRows) {
        rows = new RatingRows(expectedRows);
    }

    void add(String userId, String itemId, float rating, long timeMillis) {
        rows.add(intern(userId, userIds, userIndex), intern(itemId, itemIds, itemIndex), rating, timeMillis);
    }

    private int intern(String id, List<String> ids, Map<String, Integer> index) {
        Integer i = index.get(id);
        if (i == null) {
            i = ids.size();
            ids.add(id);
            index.put(id, i);
            idBytes += ID_OVERHEAD + 2L * id.length();
        }
        return i;
    }

    /**
     * Per distinct id: the String, its bytes, the map entry, the boxed index, list and key slots (an estimate
     * from the object layout, not re-measured: the measurement below has only 1,000 users and few items).
     */
    private static final int ID_OVERHEAD = 120;
    /**
     * Per row, measured: the peak live heap of a whole import (parse, the writer's sorted copy and key arrays,
     * and H2's uncommitted transaction state: an import is one transaction) grows by 172 bytes a row between
     * 100,000 and 400,000 rows ({@code bench/import-heap.sh}, docs/reliability.md); rounded up. The parsed
     * columns alone are 20 bytes; the 44 counted before held only for the parse.
     */
    static final int ROW_BYTES = 180;

    /** What this batch holds and will need while written, from measurement: the bound of an import's memory. */
    long estimatedBytes() {
        return (long) rows.size() * ROW_BYTES + idBytes;
    }

    List<String> userIds() {
        return userIds;
    }

    List<String> itemIds() {
        return itemIds;
    }

    RatingRows rows() {
        return rows;
    }

    int size() {
        return rows.size();
    }
}
