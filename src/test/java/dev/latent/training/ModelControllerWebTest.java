package dev.latent.training;

import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.Popularity;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.IdIndex;
import dev.latent.model.ModelHolder;
import dev.latent.model.ModelInfo;
import dev.latent.model.RatedItems;
import dev.latent.model.ServedModel;
import dev.latent.web.NoModelException;
import dev.latent.web.WebSlice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The web mapping of {@link ModelController} with the real {@link dev.latent.web.ProblemHandler} and a real
 * {@link ModelHolder} holding a hand-built model; the training service (lease, store, runner) is a mock: runs end
 * to end are {@link TrainingLifecycleTest}'s.
 */
@WebMvcTest(ModelController.class)
@Import({WebSlice.class, ModelControllerWebTest.Holder.class})
class ModelControllerWebTest {

    static final String PROBLEM = "application/problem+json";

    static class Holder {
        @Bean
        ModelHolder modelHolder() {
            return new ModelHolder();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ModelHolder holder;

    @MockitoBean
    TrainingService training;

    /** A run as the repository would hand it back (with its id). */
    private static TrainingRun run(long id, String trigger, int iterations) {
        TrainingRun r = new TrainingRun(trigger, "als", "{}", iterations);
        org.springframework.test.util.ReflectionTestUtils.setField(r, "id", id);
        return r;
    }

    @Test
    void theModelIs404UntilOneIsServedThenItsDescription() throws Exception {
        holder.retire();
        mvc.perform(get("/api/v1/model"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.detail").value(NoModelException.DETAIL));
        FactorModel f = FactorModel.withoutBiases(1, 1, 2, new float[] {1}, new float[] {1, 2});
        holder.swap(new ServedModel(7, Instant.parse("2026-01-02T03:04:05Z"),
                new ModelInfo("als", 1, Map.of("lambda", 0.1, "configuration", Map.of("source", "search")), 1, 2, 2,
                        Map.of("rmse", 0.9)),
                f, f, IdIndex.of("u"), IdIndex.of("a", "b"), Popularity.of(new int[] {1, 1}, new float[] {3, 3}),
                new RatedItems(new int[] {0, 2}, new int[] {0, 1}),
                new FoldInRecipe(new FoldInRecipe.RatingSolve(0.1, 0.02, true, true), null), 0));
        mvc.perform(get("/api/v1/model"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(7))
                .andExpect(jsonPath("$.trainedAt").value("2026-01-02T03:04:05Z"))
                .andExpect(jsonPath("$.algorithm").value("als"))
                .andExpect(jsonPath("$.items").value(2))
                .andExpect(jsonPath("$.metrics.rmse").value(0.9))
                .andExpect(jsonPath("$.configuration.source").value("search"));
        holder.retire();
    }

    @Test
    void startingARunIs202AndARunningOneIs409NamingIt() throws Exception {
        when(training.start("manual", true)).thenReturn(run(18, "manual", 5));
        mvc.perform(post("/api/v1/model/training?force=true"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.runId").value(18))
                .andExpect(jsonPath("$.status").value("queued"))
                .andExpect(jsonPath("$.trigger").value("manual"))
                .andExpect(jsonPath("$.progress.iterations").value(5));
        when(training.start(anyString(), anyBoolean())).thenThrow(
                new RunInProgressException(17, "Training run 17 is in progress."));
        mvc.perform(post("/api/v1/model/training"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.runId").value(17))
                .andExpect(jsonPath("$.detail").value("Training run 17 is in progress."));
        verify(training).start("manual", false);
        mvc.perform(post("/api/v1/model/training").accept(MediaType.APPLICATION_XML))
                .andExpect(status().isNotAcceptable());
    }

    @Test
    void runsArePagedAndAnUnknownRunIs404() throws Exception {
        when(training.run(5)).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/model/training/5"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.detail").value("Training run 5 does not exist."));
        mvc.perform(get("/api/v1/model/training/five"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("runId"));
        when(training.history(1, 2)).thenReturn(new PageImpl<>(List.of(run(4, "schedule", 3)),
                PageRequest.of(1, 2), 3));
        mvc.perform(get("/api/v1/model/runs?page=1&size=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page").value(1))
                .andExpect(jsonPath("$.size").value(2))
                .andExpect(jsonPath("$.totalElements").value(3))
                .andExpect(jsonPath("$.totalPages").value(2))
                .andExpect(jsonPath("$.runs[0].runId").value(4))
                .andExpect(jsonPath("$.runs[0].trigger").value("schedule"));
    }

    @Test
    void badPagingIs400NamingTheParameter() throws Exception {
        for (String[] bad : new String[][] {{"page=-1", "page"}, {"size=0", "size"}, {"size=201", "size"},
                {"page=x", "page"}}) {
            mvc.perform(get("/api/v1/model/runs?" + bad[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.errors[0].field").value(bad[1]));
        }
        verifyNoInteractions(training);
    }
}
