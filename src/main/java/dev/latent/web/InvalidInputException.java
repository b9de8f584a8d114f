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

    public List<Violation> violations() {
        return violations;
    }

    /** How many violations there were; {@link #violations()} may hold only the first of them. */
    public long total() {
        return total;
    }
}
