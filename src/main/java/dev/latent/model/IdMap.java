package dev.latent.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A growing bijection between raw identifiers (strings as they appear in a file or come from a client) and
 * dense indices {@code 0..size-1}, assigned in order of first appearance, while ratings are read. Not
 * thread-safe; {@link #freeze()} gives the immutable {@link IdIndex} a served model keeps.
 */
public final class IdMap {

    private final Map<String, Integer> indexOf = new HashMap<>();
    private final List<String> raw = new ArrayList<>();

    /** The index of {@code id}, assigning the next free one if it is new. */
    public int indexOrAdd(String id) {
        Integer i = indexOf.get(id);
        if (i != null) {
            return i;
        }
        int next = raw.size();
        indexOf.put(id, next);
        raw.add(id);
        return next;
    }

    /** The index of {@code id}, or -1 when it is unknown. */
    public int index(String id) {
        Integer i = indexOf.get(id);
        return i == null ? -1 : i;
    }

    /** The raw identifier of dense index {@code i}. */
    public String raw(int i) {
        return raw.get(i);
    }

    public int size() {
        return raw.size();
    }

    /** The ids so far as a frozen index (same indices); this map may go on growing without changing it. */
    public IdIndex freeze() {
        return IdIndex.of(raw.toArray(new String[0]));
    }
}
