package dev.latent.catalog;

/**
 * The catalogue's in-memory rule objects for unit tests of serving, without Spring or a store: a
 * {@link CatalogView} that was never loaded (no item has catalogue data: every item visible, in no category) and
 * the {@link RuleMasks} over it.
 */
public final class CatalogFixtures {

    private CatalogFixtures() {
    }

    /** A view with no catalogued item; it never reads the store unless refreshed (which these tests do not). */
    public static CatalogView emptyView() {
        return new CatalogView(null);
    }

    public static RuleMasks masksOverAnEmptyCatalogue() {
        return new RuleMasks(emptyView());
    }
}
