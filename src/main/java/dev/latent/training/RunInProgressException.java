package dev.latent.training;

import dev.latent.web.ConflictException;
import java.util.Map;

/** A training run was requested while another is queued or running (409 with its {@code runId}). */
public class RunInProgressException extends ConflictException {

    private final long runId;

    public RunInProgressException(long runId, String message) {
        super(message, Map.of("runId", runId));
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
