package dev.latent.tuning;

import java.time.Duration;

/**
 * The wall-clock budget of a search: a deadline, checked between evaluations and, through the
 * {@link dev.latent.factorization.TrainingListener} of every trial, after each of its iterations, so a trial
 * running past it stops at once (its evaluation is then marked {@link Trial#CUT} and not compared).
 */
public final class Budget {

    private final long deadline;

    private Budget(long deadline) {
        this.deadline = deadline;
    }

    /** A budget of {@code seconds} from now. */
    public static Budget of(Duration time) {
        long nanos = time.toNanos();
        long now = System.nanoTime();
        return new Budget(nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos);
    }

    /** The share {@code fraction} of what is left of this budget, from now. */
    public Budget share(double fraction) {
        long now = System.nanoTime();
        if (deadline == Long.MAX_VALUE) {
            return this;
        }
        return new Budget(now + (long) (Math.max(0, deadline - now) * fraction));
    }

    public boolean exhausted() {
        return System.nanoTime() - deadline > 0 && deadline != Long.MAX_VALUE;
    }
}
