package dev.latent.web;

/** The paging checks every paged endpoint shares: 400s naming the parameter instead of a query that fails. */
public final class Paging {

    private Paging() {
    }

    /** page ≥ 0, 1 ≤ size ≤ maxSize, and a row offset (page × size) that the store's queries can take (an int). */
    public static void check(int page, int size, int maxSize) {
        if (page < 0) {
            throw invalid("page", "must be 0 or more, was " + page);
        }
        if (size < 1 || size > maxSize) {
            throw invalid("size", "must be between 1 and " + maxSize + ", was " + size);
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            throw invalid("page", "page × size must be at most " + Integer.MAX_VALUE + ", was " + (long) page * size);
        }
    }

    private static InvalidInputException invalid(String field, String message) {
        return InvalidInputException.field(field, message);
    }
}
