package dev.latent.web;

import java.util.List;

/** A write was refused as a whole because of the listed violations; nothing was stored. 400. */
public class InvalidInputException extends RuntimeException {

    private final List<Violation> violations;
    private final long total;

    public InvalidInputException(String message, List<Violation> violations, long total) {
        super(message);
        this.violations = List.copyOf(violations);
        this.total = total;
    }

    public InvalidInputException(String message, List<Violation> violations) {
        this(message, violations, violations.size());
    }

    /**
     * One bad value: the detail names the field ({@code invalid userId}), as the problem handler words a single
     * failed constraint, so the same bad value reads the same whichever way it was checked.
     */
    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(detail(field), List.of(Violation.field(field, message)));
    }

    /** The detail of a problem with one bad value: {@code invalid <field>}. */
    public static String detail(String field) {
        return "invalid " + field;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** How many violations there were; {@link #violations()} may hold only the first of them. */
    public long total() {
        return total;
    }
}
