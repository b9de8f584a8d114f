package dev.latent.web;

import java.util.Map;

/**
 * The request conflicts with what the service is doing (409). The properties become extra members of the
 * problem, so a client can act on them (a run in progress gives its {@code runId}).
 */
public class ConflictException extends RuntimeException {

    private final Map<String, Object> properties;

    public ConflictException(String message, Map<String, Object> properties) {
        super(message);
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
