package dev.latent.training;

import dev.latent.web.NotFoundException;

/** No training run with that id (404). */
public class RunNotFoundException extends NotFoundException {
    public RunNotFoundException(long runId) {
        super("Training run " + runId + " does not exist.");
    }
}
