package dev.latent.training;

/** No training run with that id (404). */
public class RunNotFoundException extends RuntimeException {
    public RunNotFoundException(long runId) {
        super("Training run " + runId + " does not exist.");
    }
}
