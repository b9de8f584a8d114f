package dev.latent.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A training run as the API shows it. */
public record RunView(long runId, RunStatus status, String trigger, String phase, Progress progress,
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

    public static RunView of(TrainingRun r) {
        Map<String, Double> metrics = r.metricsByName();
        return new RunView(r.getId(), r.getStatus(), r.getTrigger(), r.getPhase(),
                new Progress(r.getIteration(), r.getIterations()), losses(r.getLosses()),
                new Counts(r.getUsers(), r.getItems(), r.getRatings(), r.getTrainRatings(), r.getTestRatings()),
                metrics,
                new Timings(r.getRequestedAt(), r.getStartedAt(), r.getFinishedAt(), r.getSnapshotMs(), r.getTrainMs(),
                        r.getTotalMs()),
                r.getModelVersion(), r.getError());
    }

    private static List<Loss> losses(String json) {
        List<Loss> out = new ArrayList<>();
        for (LossHistory.Segment s : LossHistory.read(json)) {
            for (int j = 0; j < s.losses().size(); j++) {
                // The float's shortest decimal, not its binary expansion as a double (0.93128, not 0.931280016...).
                out.add(new Loss(s.phase(), s.first() + j, Double.parseDouble(Float.toString(s.losses().get(j)))));
            }
        }
        return out;
    }
}
