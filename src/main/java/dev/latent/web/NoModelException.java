package dev.latent.web;


/** Thrown when an answer needs a trained model and none is served yet (mapped to 404). */
public class NoModelException extends NotFoundException {
    public static final String DETAIL = "No model has been trained yet: POST /api/v1/model/training, or wait for the "
            + "scheduled run.";

    public NoModelException() {
        super(DETAIL);
    }
}
