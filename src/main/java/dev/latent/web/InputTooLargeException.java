package dev.latent.web;

import java.util.List;

/**
 * An input went past a bound that protects the service's memory (an import's line length or working set);
 * nothing was stored. 413, with the line where it happened.
 */
public class InputTooLargeException extends RuntimeException {

    private final List<Violation> violations;

    public InputTooLargeException(String message, Violation violation) {
        super(message);
        this.violations = List.of(violation);
    }

    public List<Violation> violations() {
        return violations;
    }
}
