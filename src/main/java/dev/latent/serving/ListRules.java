package dev.latent.serving;

import java.util.Collection;
import java.util.List;

/**
 * The business rules a list request asks for on top of the catalogue's own (hidden items and items outside
 * their availability window never appear): items in any of {@code categories} (all when empty), the client's
 * exclusions, and the page: ranks {@code offset .. offset+limit-1} of one ranking.
 */
public record ListRules(List<String> categories, Collection<String> exclude, int offset, int limit) {

    public static ListRules top(int limit) {
        return new ListRules(List.of(), List.of(), 0, limit);
    }
}
