package dev.latent.serving;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an answer was made, as told to the client in {@code strategy}. */
public enum Strategy {
    /** The user is in the served model and has not rated since it was trained. */
    MODEL("model"),
    /** The user rated since the model was trained, or is new with ratings: a factor solved on the fly. */
    FOLDED_IN("folded-in"),
    /** No usable ratings: the popular list (cold start). */
    POPULAR("popular");

    private final String wire;

    Strategy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
