package dev.latent.catalog;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * How an item's categories are stored: one {@code items.categories} column holding the sorted ids joined by
 * single spaces (an id never holds a space), NULL for none. A category filter in SQL is then a substring test
 * on the padded text, the same on H2 and PostgreSQL.
 */
public final class ItemCategories {

    private static final String[] NONE = new String[0];

    private ItemCategories() {
    }

    /** These categories (no duplicates) sorted, as {@link #split} gives them back from the stored text. */
    static String[] sorted(Collection<String> categories) {
        if (categories.isEmpty()) {
            return NONE;
        }
        String[] sorted = categories.toArray(NONE);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The stored text of categories sorted already ({@link #sorted}), null for none. */
    static String join(String[] sorted) {
        return sorted.length == 0 ? null : String.join(" ", sorted);
    }

    /** The categories of a stored text, sorted. */
    static String[] split(String text) {
        return text == null || text.isEmpty() ? NONE : text.split(" ");
    }

    static List<String> list(String text) {
        return List.of(split(text));
    }

    /**
     * A condition true when the column holds any of {@code n} categories; bind {@link #parameter} of each.
     */
    public static String anyOf(String column, int n) {
        StringBuilder sql = new StringBuilder("(");
        for (int k = 0; k < n; k++) {
            sql.append(k == 0 ? "" : " OR ").append("POSITION(? IN ' ' || ").append(column).append(" || ' ') > 0");
        }
        return sql.append(')').toString();
    }

    /** The parameter that {@link #anyOf} compares with for one category. */
    public static String parameter(String category) {
        return ' ' + category + ' ';
    }
}
