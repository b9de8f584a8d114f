package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.AlsTrainer;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.Popularity;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.TrainingListener;
import dev.latent.model.FeedMark;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.ModelInfo;
import dev.latent.model.RatedItems;
import dev.latent.model.Ratings;
import dev.latent.model.ServedModel;
import dev.latent.model.store.ModelStore;
import dev.latent.serving.ServingTestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code latent.training.engine=external}: the service never trains (neither on its schedule nor on request)
 * and says so; it loads a model stored as the Spark job stores one (with the change-feed mark read before the
 * ratings, {@link FeedMark#read}) and then prunes the change feed it writes, though it never publishes a
 * model itself. That it serves what the real Spark job stores is the Spark module's test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalEngineTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("latent-external-test").toString();
        registry.add("latent.data-dir", () -> dir);
        registry.add("latent.training.engine", () -> "external");
        // A schedule that would train within the test if it were registered.
        registry.add("latent.training.scheduled", () -> "true");
        registry.add("latent.training.interval", () -> "100ms");
        registry.add("latent.training.initial-delay", () -> "0s");
        registry.add("latent.training.model-poll", () -> "200ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    SnapshotReader snapshots;
    @Autowired
    ModelStore store;
    @Autowired
    JdbcClient jdbc;

    @Test
    void neverTrainsLoadsAnExternalModelAndPrunesTheFeedUpToItsMark() throws InterruptedException {
        ServingTestClient c = new ServingTestClient(port);
        c.batch(ServingTestClient.smallGrid());

        ServingTestClient.Reply refused = c.post("/model/training", Map.of());
        assertEquals(409, refused.status());
        assertEquals("external", refused.body().get("engine").asString());
        assertTrue(refused.body().get("detail").asString().contains("latent.training.engine"),
                refused.body().toString());

        Thread.sleep(1000); // ten intervals of the schedule, had it been registered
        assertEquals(0, c.get("/model/runs").body().get("totalElements").asLong(), "no run was made");
        assertEquals(404, c.get("/model").status(), "no model until the external engine stores one");

        // The feed is written although the cluster mode is off: the batch's rows.
        long mark = feedMax();
        assertTrue(mark > 0, "an external-engine instance records the change feed");
        // An external trainer's snapshot: the mark first (the code the Spark job runs), then the ratings.
        RatingSnapshot snapshot = snapshots.read();
        assertEquals(mark, snapshot.feedMark().seq());
        // Written after the snapshot: newer than the model, kept in the feed.
        assertEquals(201, c.put("/users/late/ratings/i1", Map.of("rating", 4)).status());
        assertTrue(feedMax() > mark);
        // The rows up to the mark as if the job had run for an hour (pruning keeps the last 10 minutes).
        jdbc.sql("UPDATE change_feed SET created_at = created_at - INTERVAL '1' HOUR WHERE seq <= ?").param(mark)
                .update();
        store.save(model(snapshot.ratings()), null, snapshot.fingerprint(), snapshot.feedMark());

        for (int attempt = 0; attempt < 100 && rowsUpTo(mark) > 0; attempt++) {
            Thread.sleep(100);
        }
        ServingTestClient.Reply served = c.get("/model");
        assertEquals(200, served.status(), "the stored model is served");
        assertEquals(0, rowsUpTo(mark), "the feed rows the stored model reflects are pruned by the model poll");
        assertEquals(1, jdbc.sql("SELECT COUNT(*) FROM change_feed WHERE seq > ?").param(mark).query(Long.class)
                .single(), "the row written after the snapshot stays");
        assertEquals("folded-in", c.get("/users/late/recommendations").body().get("strategy").asString(),
                "rated after the snapshot: newer than the model");
        assertEquals("model", c.get("/users/u1/recommendations").body().get("strategy").asString(),
                "rated before the snapshot: in the model");
        assertEquals(0, c.get("/model/runs").body().get("totalElements").asLong(), "still no run here");
    }

    private long feedMax() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM change_feed").query(Long.class).single();
    }

    private long rowsUpTo(long seq) {
        return jdbc.sql("SELECT COUNT(*) FROM change_feed WHERE seq <= ?").param(seq).query(Long.class).single();
    }

    /** A small rating model of the snapshot, stored as the Spark job stores its own (version 1, no run). */
    private static ServedModel model(Ratings r) {
        RatingMatrix m = r.toMatrix();
        AlsConfig config = AlsConfig.DEFAULTS.withRank(4).withIterations(3).withThreads(1);
        FactorModel rating = new AlsTrainer(config).train(m, null, TrainingListener.NONE);
        ModelInfo info = new ModelInfo("als", 4, Map.of("engine", "test"), r.numUsers(), r.numItems(), r.size(),
                Map.of());
        return new ServedModel(1, Instant.now(), info, rating, rating, r.userIds().freeze(), r.itemIds().freeze(),
                Popularity.of(m, 10f), RatedItems.of(m), new FoldInRecipe(FoldInRecipe.RatingSolve.of(config), null),
                0L);
    }
}
