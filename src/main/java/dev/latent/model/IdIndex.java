package dev.latent.model;

import java.util.List;

/**
 * A frozen bijection between client ids and dense indices {@code 0..size-1}: the id index of a served model.
 * Immutable once built, so any number of request threads read it without locks. Open addressing over an
 * {@code int[]} (no boxed integers, no map entries): about 8 bytes a slot beside the id strings, which
 * matters for a model of a million users.
 */
public final class IdIndex {

    private final String[] ids;
    /** Slot → index + 1; 0 marks an empty slot. Power-of-two length, at most half full. */
    private final int[] slots;
    private final int mask;

    private IdIndex(String[] ids) {
        this.ids = ids;
        int capacity = Integer.highestOneBit(Math.max(2, ids.length) * 2 - 1) << 1;
        this.slots = new int[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < ids.length; i++) {
            String id = ids[i];
            if (id == null) {
                throw new IllegalArgumentException("id at index " + i + " is null");
            }
            int s = spread(id.hashCode()) & mask;
            while (slots[s] != 0) {
                if (ids[slots[s] - 1].equals(id)) {
                    throw new IllegalArgumentException("id '" + id + "' occurs twice (indices " + (slots[s] - 1)
                            + " and " + i + ")");
                }
                s = (s + 1) & mask;
            }
            slots[s] = i + 1;
        }
    }

    /** The index of ids in the given order: {@code ids[i]} gets index {@code i}. The array is owned afterwards. */
    public static IdIndex of(String... ids) {
        return new IdIndex(ids);
    }

    public static IdIndex of(List<String> ids) {
        return new IdIndex(ids.toArray(new String[0]));
    }

    /** The index of {@code id}, or -1 when the model does not know it. */
    public int index(String id) {
        int s = spread(id.hashCode()) & mask;
        int v;
        while ((v = slots[s]) != 0) {
            if (ids[v - 1].equals(id)) {
                return v - 1;
            }
            s = (s + 1) & mask;
        }
        return -1;
    }

    /** The client id of index {@code i}. */
    public String id(int i) {
        return ids[i];
    }

    public int size() {
        return ids.length;
    }

    /** String hashes of short numeric ids differ mostly in the low bits: mix the high ones in. */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }
}
