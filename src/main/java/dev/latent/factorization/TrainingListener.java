package dev.latent.factorization;

/**
 * Progress callback of a {@link Trainer}, called on the training thread after every completed iteration
 * (ALS: one user pass and one item pass; SGD: one epoch).
 */
@FunctionalInterface
public interface TrainingListener {

    /** A listener that never stops training. */
    TrainingListener NONE = (iteration, loss, elapsedNanos) -> true;

    /**
     * @param iteration    1-based number of the iteration just completed
     * @param trainingRmse root mean squared error over the observed training cells after that iteration
     * @param elapsedNanos time since {@code train} was called
     * @return {@code true} to continue, {@code false} to stop now: {@code train} then returns the model as of
     *         this iteration (early stop). To abandon a run instead, interrupt the training thread: the
     *         trainer checks between blocks of rows and throws {@link java.util.concurrent.CancellationException}.
     */
    boolean onIteration(int iteration, double trainingRmse, long elapsedNanos);
}
