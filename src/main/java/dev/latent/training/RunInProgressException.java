package dev.latent.training;

/** A training run was requested while another is queued or running (mapped to 409 with its id). */
public class RunInProgressException extends RuntimeException {

    private final long runId;

    public RunInProgressException(long runId, String message) {
        super(message);
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
