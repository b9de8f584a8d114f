package dev.latent.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training run as the API shows it. {@code search}: the hyperparameter search's trials and best so far
 * (null when the run did not search); {@code configuration}: what it trained and where that came from;
 * {@code gate}: the quality gate's verdict with both models' held-out figures (null when it did not compare).
 */
public record RunView(long runId, RunStatus status, String trigger, String phase, Progress progress,
                      List<Loss> losses, Counts counts, Map<String, Double> metrics, Timings timings,
                      Long modelVersion, String error, SearchProgress search, Map<String, Object> configuration,
                      GateOutcome gate, boolean forced) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
                r.getModelVersion(), r.getError(),
                r.getSearchProgress() == null ? null : JSON.readValue(r.getSearchProgress(), SearchProgress.class),
                r.getConfiguration() == null ? null
                        : JSON.readValue(r.getConfiguration(), new TypeReference<Map<String, Object>>() { }),
                r.getGate() == null ? null : JSON.readValue(r.getGate(), GateOutcome.class), r.isForced());
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
