package dev.latent.factorization;

/**
 * Learns a {@link FactorModel} from observed ratings. Implementations touch observed cells only.
 *
 * <p>Cancellation: the listener may return {@code false} (stop after the current iteration and return the
 * model so far), or the calling thread may be interrupted (the run is abandoned with a
 * {@link java.util.concurrent.CancellationException}; the interrupt flag is left set).
 */
public interface Trainer {

    /** Trains from a seeded random start. */
    default FactorModel train(RatingMatrix ratings, TrainingListener listener) {
        return train(ratings, null, listener);
    }

    /**
     * Trains starting from {@code warmStart} (may be null): a model of the same rank over a prefix of this
     * index space (users {@code 0..warmStart.numUsers()-1} and items {@code 0..warmStart.numItems()-1} mean
     * the same as here; users and items added since then start fresh).
     *
     * @throws IllegalArgumentException if the warm start's rank differs or it has more users or items
     */
    FactorModel train(RatingMatrix ratings, FactorModel warmStart, TrainingListener listener);
}
