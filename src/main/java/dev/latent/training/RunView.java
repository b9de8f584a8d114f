package dev.latent.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A training run as the API shows it. */
public record RunView(long runId, String status, String trigger, String phase, Progress progress,
                      List<Loss> losses, Counts counts, Map<String, Double> metrics, Timings timings,
                      Long modelVersion, String error) {

    /** Iteration i of n over all phases of the run. */
    public record Progress(int iteration, int iterations) {
    }

    /** Training RMSE (rating model) or loss (ranking model) after one iteration of a phase. */
    public record Loss(String phase, int iteration, double loss) {
    }

    public record Counts(Integer users, Integer items, Long ratings, Long trainRatings, Long testRatings) {
    }

    public record Timings(Instant requestedAt, Instant startedAt, Instant finishedAt, Long snapshotMs, Long trainMs,
                          Long totalMs) {
    }

    /** The held-out metrics of a run by their names in the API; absent ones (nothing held out) left out. */
    static Map<String, Double> metrics(Double rmse, Double mae, Double baselineRmse, Double ndcg, Double ratingNdcg,
                                       Double popularityNdcg) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        putIf(metrics, "heldOutRmse", rmse);
        putIf(metrics, "heldOutMae", mae);
        putIf(metrics, "baselineRmse", baselineRmse);
        putIf(metrics, "ndcg@10", ndcg);
        putIf(metrics, "ratingModelNdcg@10", ratingNdcg);
        putIf(metrics, "popularityNdcg@10", popularityNdcg);
        return metrics;
    }

    public static RunView of(TrainingRun r) {
        Map<String, Double> metrics = metrics(r.getRmse(), r.getMae(), r.getBaselineRmse(), r.getNdcg(),
                r.getRatingNdcg(), r.getPopularityNdcg());
        return new RunView(r.getId(), r.getStatus(), r.getTrigger(), r.getPhase(),
                new Progress(r.getIteration(), r.getIterations()), losses(r.getLosses()),
                new Counts(r.getUsers(), r.getItems(), r.getRatings(), r.getTrainRatings(), r.getTestRatings()),
                metrics,
                new Timings(r.getRequestedAt(), r.getStartedAt(), r.getFinishedAt(), r.getSnapshotMs(), r.getTrainMs(),
                        r.getTotalMs()),
                r.getModelVersion(), r.getError());
    }

    private static List<Loss> losses(String text) {
        List<Loss> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String phase = null;
        int iteration = 0;
        for (String entry : text.split(",")) {
            int colon = entry.lastIndexOf(':');
            String p = entry.substring(0, colon);
            iteration = p.equals(phase) ? iteration + 1 : 1;
            phase = p;
            out.add(new Loss(p, iteration, Double.parseDouble(entry.substring(colon + 1))));
        }
        return out;
    }

    private static void putIf(Map<String, Double> m, String k, Double v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
