package dev.latent.tuning;

import java.util.Locale;

/**
 * Whether a new model may replace the served one: its held-out RMSE may be worse than the served model's by
 * at most {@code rmseTolerance}, and its NDCG@10 lower by at most {@code ndcgTolerance}, both measured on the
 * new run's held-out part. A figure missing on either side (nothing held out, no ranking model) is not
 * compared.
 */
public record QualityGate(double rmseTolerance, double ndcgTolerance) {

    public QualityGate {
        if (!(rmseTolerance >= 0) || !(ndcgTolerance >= 0)) {
            throw new IllegalArgumentException("gate tolerances must be >= 0");
        }
    }

    /** Held-out RMSE and NDCG@10 of one model; either may be null. */
    public record Figures(Double rmse, Double ndcg) {
    }

    /** The outcome: {@code passed}, both sides' figures, and why. */
    public record Verdict(boolean passed, Figures candidate, Figures served, String reason) {
    }

    public Verdict judge(Figures candidate, Figures served) {
        StringBuilder why = new StringBuilder();
        boolean pass = true;
        if (known(candidate.rmse()) && known(served.rmse())) {
            double worse = candidate.rmse() - served.rmse();
            if (worse > rmseTolerance) {
                pass = false;
                why.append(String.format(Locale.ROOT, "held-out RMSE %.4f is %.4f worse than the served model's "
                        + "%.4f (tolerance %.4f)", candidate.rmse(), worse, served.rmse(), rmseTolerance));
            }
        }
        if (known(candidate.ndcg()) && known(served.ndcg())) {
            double worse = served.ndcg() - candidate.ndcg();
            if (worse > ndcgTolerance) {
                pass = false;
                why.append(why.length() > 0 ? "; " : "").append(String.format(Locale.ROOT, "held-out NDCG@10 %.4f "
                        + "is %.4f below the served model's %.4f (tolerance %.4f)", candidate.ndcg(), worse,
                        served.ndcg(), ndcgTolerance));
            }
        }
        return new Verdict(pass, candidate, served, pass ? "within the tolerances of the served model" : why.toString());
    }

    private static boolean known(Double v) {
        return v != null && Double.isFinite(v);
    }
}
