package dev.latent.serving;

/** Thrown when an answer needs a trained model and none is served yet (mapped to 503). */
public class NoModelException extends RuntimeException {
    public NoModelException() {
        super("No model has been trained yet: POST /api/v1/model/training, or wait for the scheduled run.");
    }
}
