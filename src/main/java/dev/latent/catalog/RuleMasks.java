package dev.latent.catalog;

import dev.latent.model.IdIndex;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The business rules as bitsets over a served model's item indices, so a list is ranked among allowed items
 * only (a candidate mask handed to top-N selection) instead of being filtered afterwards, which runs out of
 * candidates when a rule removes most of the catalogue.
 *
 * <p>Per model it keeps one bitset of the items visible now (not hidden, inside their availability window)
 * and one per category. A request without a category filter uses the visible set as it is (no allocation);
 * with categories it ORs theirs and ANDs the visible set: {@code n/64} words each, 27 words for ML-100K's
 * 1,682 items. Bit {@code i} set means item {@code i} may be returned.
 *
 * <p>The bitsets follow {@link CatalogView}: a request that finds the view at a newer version first applies
 * the ids changed since ({@link CatalogView#changedSince}) to copies of the words they touch and publishes
 * the new state; after a full reload or a model swap it rebuilds. An availability window opening or closing
 * is a change too: the state is valid until the earliest such moment, then rebuilt. Readers never lock;
 * updates are serialised.
 */
@Component
public class RuleMasks {

    private record State(IdIndex items, long viewVersion, long validUntil, long[] visible,
                         Map<String, long[]> byCategory) {
    }

    private final CatalogView view;
    private volatile State state;

    RuleMasks(CatalogView view) {
        this.view = view;
    }

    /**
     * The items of model index {@code items} a list may return at {@code now}: visible, and in any of
     * {@code categories} unless that is empty. The array is shared and must not be written.
     */
    public long[] candidates(IdIndex items, Collection<String> categories, long now) {
        State s = current(items, now);
        if (categories.isEmpty()) {
            return s.visible();
        }
        long[] out = new long[s.visible().length];
        for (String c : categories) {
            long[] bits = s.byCategory().get(c);
            if (bits != null) {
                for (int w = 0; w < out.length; w++) {
                    out[w] |= bits[w];
                }
            }
        }
        long[] visible = s.visible();
        for (int w = 0; w < out.length; w++) {
            out[w] &= visible[w];
        }
        return out;
    }

    /** True when bit {@code i} is set. */
    public static boolean allowed(long[] mask, int i) {
        return (mask[i >>> 6] & (1L << i)) != 0;
    }

    private State current(IdIndex items, long now) {
        State s = state;
        if (s != null && s.items() == items && s.viewVersion() == view.version() && now < s.validUntil()) {
            return s;
        }
        return update(items, now);
    }

    private synchronized State update(IdIndex items, long now) {
        State s = state;
        if (s != null && s.items() == items && s.viewVersion() == view.version() && now < s.validUntil()) {
            return s;
        }
        CatalogView.Changes changes = s != null && s.items() == items && now < s.validUntil()
                ? view.changedSince(s.viewVersion()) : null;
        State next = changes == null ? rebuild(items, now) : apply(s, changes, now, false);
        state = next;
        return next;
    }

    private State rebuild(IdIndex items, long now) {
        CatalogView.Changes all = view.everything();
        int words = (items.size() + 63) >>> 6;
        long[] visible = new long[words];
        Arrays.fill(visible, -1L);
        if (items.size() % 64 != 0) {
            visible[words - 1] = (1L << items.size()) - 1;
        }
        State empty = new State(items, all.version(), Long.MAX_VALUE, visible, new HashMap<>());
        return apply(empty, all, now, true);
    }

    /**
     * Applies the current rules of the changed ids to copies of the words they touch ({@code fresh}: no id
     * is in any category set yet, so there is nothing to clear).
     */
    private State apply(State s, CatalogView.Changes changes, long now, boolean fresh) {
        long[] visible = fresh ? s.visible() : s.visible().clone();
        Map<String, long[]> byCategory = new HashMap<>(s.byCategory());
        Map<String, long[]> copied = new HashMap<>();
        long validUntil = s.validUntil();
        int words = visible.length;
        List<String> ids = changes.ids();
        for (String id : ids) {
            int i = s.items().index(id);
            if (i < 0) {
                continue;
            }
            ItemRules rules = view.get(id);
            long bit = 1L << i;
            int w = i >>> 6;
            if (rules == null || rules.visibleAt(now)) {
                visible[w] |= bit;
            } else {
                visible[w] &= ~bit;
            }
            if (!fresh) {
                for (Map.Entry<String, long[]> e : List.copyOf(byCategory.entrySet())) {
                    if ((e.getValue()[w] & bit) != 0) {
                        writable(e.getKey(), byCategory, copied, words)[w] &= ~bit;
                    }
                }
            }
            if (rules != null) {
                for (String c : rules.categories()) {
                    writable(c, byCategory, copied, words)[w] |= bit;
                }
                validUntil = Math.min(validUntil, rules.nextTransitionAfter(now));
            }
        }
        return new State(s.items(), changes.version(), validUntil, visible, byCategory);
    }

    private static long[] writable(String category, Map<String, long[]> byCategory, Map<String, long[]> copied,
                                   int words) {
        long[] bits = copied.get(category);
        if (bits == null) {
            long[] old = byCategory.get(category);
            bits = old == null ? new long[words] : old.clone();
            copied.put(category, bits);
            byCategory.put(category, bits);
        }
        return bits;
    }
}
