package dev.latent.evaluation;

import dev.latent.model.Ratings;

/**
 * Rating-prediction error over a test list, predictions clipped to the rating scale {@code [min, max]}:
 * <pre>  RMSE = √(Σ (r̂ − r)² / n)     MAE = Σ |r̂ − r| / n</pre>
 */
public final class RatingMetrics {

    /** A rating predictor over dense indices. */
    @FunctionalInterface
    public interface Predictor {
        float predict(int user, int item);
    }

    /** Errors over {@code n} test ratings. */
    public record Result(double rmse, double mae, int n) {
    }

    private RatingMetrics() {
    }

    public static Result evaluate(Predictor predictor, Ratings test, float min, float max) {
        double se = 0;
        double ae = 0;
        int n = test.size();
        for (int e = 0; e < n; e++) {
            float p = Math.max(min, Math.min(max, predictor.predict(test.users()[e], test.items()[e])));
            double d = p - test.ratings()[e];
            se += d * d;
            ae += Math.abs(d);
        }
        return n == 0 ? new Result(Double.NaN, Double.NaN, 0) : new Result(Math.sqrt(se / n), ae / n, n);
    }
}
