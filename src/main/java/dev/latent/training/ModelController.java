package dev.latent.training;

import dev.latent.web.Paging;
import dev.latent.web.ProblemResponse;
import dev.latent.model.ModelHolder;
import dev.latent.web.NoModelException;
import dev.latent.model.ModelInfo;
import dev.latent.model.ServedModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Training runs and the served model's description. */
@RestController
@RequestMapping("/api/v1/model")
@Tag(name = "Model and training")
public class ModelController {

    /** The served model as {@code GET /model} shows it. */
    public record ModelView(long version, Instant trainedAt, String algorithm, int rank,
                            Map<String, Object> parameters, long users, long items, long ratings,
                            Map<String, Double> metrics, Object configuration) {
    }

    /** A page of runs, newest first. */
    public record RunPage(List<RunView> runs, int page, int size, long totalElements, int totalPages) {
    }

    private final TrainingService training;
    private final ModelHolder holder;

    public ModelController(TrainingService training, ModelHolder holder) {
        this.training = training;
        this.holder = holder;
    }

    @PostMapping("/training")
    @Operation(operationId = "startTraining", summary = "Start a training run now",
            description = "Queues a run off the request path and answers at once; follow it at "
                    + "GET /api/v1/model/training/{runId}. 409 with the running run's id if one is in progress. "
                    + "A run whose model fails the quality gate ends 'rejected' and the served model stays; "
                    + "force=true swaps it in anyway (the gate's figures are still recorded).")
    @ApiResponse(responseCode = "202", description = "The run, queued")
    @ProblemResponse(status = 409, description = "A run is queued or running (runId), another instance trains "
            + "(leaseHolder), or training is external (latent.training.engine=external; engine)",
            detail = "Training run 17 is in progress.", members = "{\"runId\": 17}")
    public ResponseEntity<RunView> start(
            @Parameter(description = "bypass the quality gate (e.g. after a mass delete)")
            @RequestParam(defaultValue = "false") boolean force) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(RunView.of(training.start("manual", force)));
    }

    @GetMapping("/training/{runId}")
    @Operation(operationId = "getRun",
            summary = "A training run: status, progress, losses, held-out metrics, counts, timings, error")
    @ProblemResponse(status = 404, description = "No such run", detail = "Training run 17 does not exist.")
    public RunView run(@PathVariable long runId) {
        return training.run(runId).map(RunView::of)
                .orElseThrow(() -> new RunNotFoundException(runId));
    }

    @GetMapping("/runs")
    @Operation(operationId = "listRuns", summary = "Run history, newest first")
    public RunPage runs(@RequestParam(defaultValue = "0") @Min(0) int page,
                        @Parameter(description = "1 to 200") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Paging.check(page, size, 200);
        Page<TrainingRun> p = training.history(page, size);
        return new RunPage(p.getContent().stream().map(RunView::of).toList(), p.getNumber(), p.getSize(),
                p.getTotalElements(), p.getTotalPages());
    }

    @GetMapping
    @Operation(operationId = "getModel",
            summary = "The model being served: version, algorithm, parameters, counts, held-out metrics")
    @ProblemResponse(status = 404, description = "No model trained yet", detail = NoModelException.DETAIL)
    public ModelView model() {
        ServedModel m = holder.current().orElseThrow(NoModelException::new);
        ModelInfo i = m.info();
        return new ModelView(m.version(), m.trainedAt(), i.algorithm(), i.rank(), i.parameters(), i.users(), i.items(),
                i.ratings(), i.metrics(), i.parameters().get("configuration"));
    }
}
