package dev.latent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.client.api.ModelAndTrainingApi;
import dev.latent.client.api.RatingsApi;
import dev.latent.client.api.ServingApi;
import dev.latent.client.model.BatchResult;
import dev.latent.client.model.ItemScore;
import dev.latent.client.model.ModelView;
import dev.latent.client.model.Prediction;
import dev.latent.client.model.RatingEvent;
import dev.latent.client.model.RatingValue;
import dev.latent.client.model.Recommendations;
import dev.latent.client.model.RunView;
import dev.latent.client.model.SimilarItem;
import dev.latent.client.model.SimilarItems;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A program that talks to a live service only through the client generated from docs/openapi.json: it writes
 * a batch of ratings with two planted taste groups, trains (starts a run and polls it until it ends), and
 * reads the model, the run, recommendations, a prediction and similar items, checking that the answers make
 * sense. The service is the jar the main build made (target/latent.jar) on a free port over H2 in a temporary
 * directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedClientTest {

    static final int USERS_PER_GROUP = 30;
    static final int ITEMS_PER_GROUP = 20;
    static final int RATED_PER_USER = 10;

    Process service;
    Path dir;
    ApiClient client;
    RatingsApi ratings;
    ModelAndTrainingApi model;
    ServingApi serving;
    /** Each user's rated items. */
    final Map<String, Set<String>> rated = new HashMap<>();

    @BeforeAll
    void startService() throws Exception {
        File jar = new File(System.getProperty("latent.service.jar", "../target/latent.jar"));
        assertTrue(jar.isFile(), "the service jar " + jar + " is missing: build it first (./mvnw package)");
        dir = Files.createTempDirectory("latent-client-test");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        service = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx512m", "-jar",
                jar.getAbsolutePath(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--latent.data-dir=" + dir, "--latent.training.scheduled=false", "--logging.level.root=WARN")
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).start();
        client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setConnectTimeout(Duration.ofSeconds(5));
        client.setReadTimeout(Duration.ofSeconds(60));
        ratings = new RatingsApi(client);
        model = new ModelAndTrainingApi(client);
        serving = new ServingApi(client);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            try {
                ratings.getStats();
                break;
            } catch (ApiException notYet) {
                assertTrue(service.isAlive() && System.nanoTime() < deadline,
                        "the service did not answer within 3 minutes: " + log());
                Thread.sleep(250);
            }
        }
    }

    @AfterAll
    void stopService() throws InterruptedException {
        if (service != null) {
            service.destroy();
            service.waitFor();
        }
    }

    static String group(String id) {
        return id.substring(0, 1);
    }

    @Test
    void writeTrainAndReadThroughTheGeneratedClient() throws Exception {
        // two groups: users u-a* rate only items a*, users u-b* only items b*, 4 to 5 stars
        Random random = new Random(11);
        List<RatingEvent> batch = new ArrayList<>();
        for (String g : List.of("a", "b")) {
            for (int u = 0; u < USERS_PER_GROUP; u++) {
                String user = "u-" + g + u;
                Set<String> mine = new LinkedHashSet<>();
                while (mine.size() < RATED_PER_USER) {
                    mine.add(g + random.nextInt(ITEMS_PER_GROUP));
                }
                rated.put(user, mine);
                for (String item : mine) {
                    batch.add(new RatingEvent().userId(user).itemId(item).rating(4.0 + random.nextInt(3) * 0.5));
                }
            }
        }
        BatchResult written = ratings.postRatingBatch(batch);
        assertEquals(batch.size(), written.getReceived().intValue());
        assertEquals(batch.size(), written.getCreated().intValue());
        assertEquals(0, written.getUpdated().intValue());

        // a bad batch is a problem naming the element, and nothing of it is stored
        ApiException bad = assertThrows(ApiException.class, () -> ratings.postRatingBatch(List.of(
                new RatingEvent().userId("u-x").itemId("a1").rating(4.0),
                new RatingEvent().userId("u-x").itemId("a2").rating(7.0))));
        assertEquals(400, bad.getCode());
        assertTrue(bad.getResponseBody().contains("\"index\":1"), bad.getResponseBody());
        assertEquals(batch.size(), ratings.getStats().getRatings().longValue());

        // train: start a run and poll it until it ends
        RunView queued = model.startTraining(false);
        assertNotNull(queued.getRunId());
        RunView run = queued;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (run.getStatus() == RunView.StatusEnum.QUEUED || run.getStatus() == RunView.StatusEnum.RUNNING) {
            assertTrue(System.nanoTime() < deadline, "run " + run.getRunId() + " did not end within 5 minutes: " + run);
            Thread.sleep(500);
            run = model.getRun(queued.getRunId());
        }
        assertEquals(RunView.StatusEnum.SUCCEEDED, run.getStatus(), "run ended " + run.getStatus() + ": " + run.getError());
        assertEquals(batch.size(), run.getCounts().getRatings().longValue());
        assertEquals(2 * USERS_PER_GROUP, run.getCounts().getUsers().intValue());
        assertFalse(run.getLosses().isEmpty(), "a run records its losses");
        assertNotNull(run.getModelVersion());
        ApiException noRun = assertThrows(ApiException.class, () -> model.getRun(987_654_321L));
        assertEquals(404, noRun.getCode());
        assertTrue(noRun.getResponseHeaders().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

        // the served model is the run's
        ModelView served = model.getModel();
        assertEquals(run.getModelVersion(), served.getVersion());
        assertEquals(2L * USERS_PER_GROUP, served.getUsers().longValue());
        assertEquals(2L * ITEMS_PER_GROUP, served.getItems().longValue());
        assertEquals(batch.size(), served.getRatings().longValue());
        assertTrue(served.getRank() > 0);

        // recommendations: the length asked, nothing the user rated, mostly the user's own group
        for (String user : List.of("u-a0", "u-b7")) {
            Recommendations r = serving.recommendForUser(user, 5, null, null, null, null, null);
            assertEquals(user, r.getUserId());
            assertEquals(served.getVersion(), r.getModelVersion());
            assertEquals(Recommendations.StrategyEnum.MODEL, r.getStrategy());
            assertEquals(5, r.getItems().size(), r.toString());
            long own = 0;
            float previous = Float.POSITIVE_INFINITY;
            for (ItemScore s : r.getItems()) {
                assertFalse(rated.get(user).contains(s.getItemId()), user + " rated " + s.getItemId());
                assertTrue(s.getScore() <= previous, "scores best first: " + r);
                previous = s.getScore();
                own += group(s.getItemId()).equals(user.substring(2, 3)) ? 1 : 0;
            }
            assertTrue(own >= 4, user + " should mostly get items of their own group: " + r);
        }

        // a new user's ratings are folded in at once
        for (String item : List.of("b1", "b2", "b3")) {
            ratings.putRating("newcomer", item, new RatingValue().rating(5.0));
        }
        Recommendations folded = serving.recommendForUser("newcomer", 3, null, null, null, null, null);
        assertEquals(Recommendations.StrategyEnum.FOLDED_IN, folded.getStrategy());
        assertEquals(3, folded.getItems().size());
        folded.getItems().forEach(s -> assertFalse(List.of("b1", "b2", "b3").contains(s.getItemId())));

        // a prediction is a rating on the scale
        String unrated = null;
        for (int i = 0; unrated == null; i++) {
            if (!rated.get("u-a0").contains("a" + i)) {
                unrated = "a" + i;
            }
        }
        Prediction p = serving.predictRating("u-a0", unrated);
        assertEquals(unrated, p.getItemId());
        assertEquals(served.getVersion(), p.getModelVersion());
        assertTrue(p.getRating() >= 0.5f && p.getRating() <= 5.0f, "prediction on the scale: " + p);
        assertTrue(p.getRating() > 3.0f, "the group rates its items 4 to 5: " + p);
        ApiException unknownItem = assertThrows(ApiException.class, () -> serving.predictRating("u-a0", "no-such-item"));
        assertEquals(404, unknownItem.getCode());

        // similar items: the length asked, not the item itself, mostly its own group
        SimilarItems similar = serving.similarItems("a3", 5, null, null, null);
        assertEquals("a3", similar.getItemId());
        assertEquals(5, similar.getItems().size());
        long own = 0;
        for (SimilarItem s : similar.getItems()) {
            assertFalse(s.getItemId().equals("a3"));
            assertTrue(s.getSimilarity() >= -1.0001f && s.getSimilarity() <= 1.0001f, "a cosine: " + s);
            own += group(s.getItemId()).equals("a") ? 1 : 0;
        }
        assertTrue(own >= 4, "similar to a3 should mostly be a* items: " + similar);
    }

    String log() {
        try {
            return Files.readString(dir.resolve("service.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
