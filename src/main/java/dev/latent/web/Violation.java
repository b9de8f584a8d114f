package dev.latent.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a request: which field, in which batch element ({@code index}) or CSV line
 * ({@code line}, 1-based), and what is wrong. Serialised into the {@code errors} list of a problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String field, Integer index, Long line, String message) {

    public static Violation field(String field, String message) {
        return new Violation(field, null, null, message);
    }

    public static Violation atIndex(int index, String field, String message) {
        return new Violation(field, index, null, message);
    }

    public static Violation atLine(long line, String field, String message) {
        return new Violation(field, null, line, message);
    }
}
