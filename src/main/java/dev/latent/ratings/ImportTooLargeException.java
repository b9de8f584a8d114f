package dev.latent.ratings;

import java.util.List;

/**
 * An import went past a bound that protects the service's memory (line length, working set); nothing was
 * stored. 413, with the line where it happened.
 */
public class ImportTooLargeException extends RuntimeException {

    private final List<Violation> violations;

    public ImportTooLargeException(String message, Violation violation) {
        super(message);
        this.violations = List.of(violation);
    }

    public List<Violation> violations() {
        return violations;
    }
}
