package dev.latent.serving;

import java.util.HashMap;
import java.util.Map;

/** Client string ids ↔ the dense int indices of a model. Immutable. */
public final class IdIndex {

    private final String[] ids;
    private final Map<String, Integer> index;

    public IdIndex(String[] ids) {
        this.ids = ids;
        this.index = new HashMap<>(Math.max(16, (int) (ids.length / 0.75f) + 1));
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null) {
                index.put(ids[i], i);
            }
        }
    }

    /** The dense index of {@code id}, or -1 when the model does not know it. */
    public int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    public String id(int index) {
        return ids[index];
    }

    public int size() {
        return ids.length;
    }

    /** The ids by index. Do not modify. */
    public String[] ids() {
        return ids;
    }
}
