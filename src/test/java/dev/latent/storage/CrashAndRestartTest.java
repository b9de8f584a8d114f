package dev.latent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 at chosen points, restart on the same store and port (so the same instance id):
 * <ol>
 *   <li>with an H2 URL that does not say {@code WRITE_DELAY=0} (the first two starts): every acknowledged write
 *       survives (the service adds it); with the default URL (the third start, {@code WRITE_DELAY=0} in
 *       application.yml): every rating acknowledged just before the kill is in the file (the H2 default of 500 ms
 *       lost the last writes);</li>
 *   <li>a user and an item deleted after the served model's snapshot stay forgotten after the restart: no
 *       {@code model} strategy for the user, the item neither recommended, similar nor predicted;</li>
 *   <li>killed during a training run: the run is {@code abandoned} at the next start-up, and the first training
 *       asked for after the restart starts and succeeds (the restarted instance takes back its own lease);</li>
 *   <li>run ids go on from the last one, without H2's jump of 32.</li>
 * </ol>
 * One service process killed three times: each start of a child JVM costs about 10 s of CPU, so the kill on the
 * default URL is a phase of this test rather than a test (and a start) of its own.
 */
@dev.latent.ChildJvm
public class CrashAndRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void nothingAcknowledgedIsLostNothingDeletedReturnsAndTrainingResumes() throws Exception {
        // The first two starts on a URL without WRITE_DELAY (through the environment, so the third can go without)
        Map<String, String> noWriteDelay = Map.of("SPRING_DATASOURCE_URL",
                "jdbc:h2:file:" + dataDir + File.separator + "latent");
        try (ServiceProcess service = new ServiceProcess(dataDir, "512m", "--latent.training.scheduled=false",
                "--latent.training.rank=8", "--latent.training.ranking.rank=8",
                "--latent.training.iterations=${ITERATIONS:5}", "--latent.training.ranking.iterations=${ITERATIONS:5}",
                "--latent.training.refit-iterations=${ITERATIONS:2}").onTheSerialCollector()) {
            TestHttp http = service.start(noWriteDelay);
            StringBuilder csv = new StringBuilder();
            Random random = new Random(7);
            for (int u = 0; u < 300; u++) {
                for (int k = 0; k < 30; k++) {
                    csv.append('u').append(u).append(",i").append(random.nextInt(200)).append(',')
                            .append(1 + random.nextInt(5)).append('\n');
                }
            }
            assertThat(http.csv(csv.toString()).status()).isEqualTo(200);
            long firstRun = train(http);
            assertThat(strategy(http, "u1")).as("before the delete the user is served from the model").isEqualTo("model");
            assertThat(http.get("/api/v1/items/i1/similar").status()).isEqualTo(200);

            assertThat(http.delete("/api/v1/users/u1").status()).isEqualTo(204);
            assertThat(http.delete("/api/v1/items/i1").status()).isEqualTo(204);
            for (int i = 0; i < 300; i++) {
                assertThat(http.json("POST", "/api/v1/ratings", "{\"userId\":\"w" + (i % 17) + "\",\"itemId\":\"j" + i
                        + "\",\"rating\":4}").status()).isEqualTo(201);
            }
            service.kill();

            // a slow run this time, to be killed while it runs
            http = service.start(with(noWriteDelay, "ITERATIONS", "400"));
            assertForgotten(http);
            assertThat(http.json("POST", "/api/v1/model/training", null).status()).isEqualTo(202);
            long killedRun = waitForStatus(http, "running");
            service.kill();

            // the service's own default URL from here on
            http = service.start(Map.of("ITERATIONS", "5"));
            assertThat(run(http, killedRun).get("status").stringValue()).isEqualTo("abandoned");
            long afterRestart = System.nanoTime();
            // force: the quality gate may rightly reject a 5-iteration model; what is tested is that a run starts
            Response again = http.json("POST", "/api/v1/model/training?force=true", null);
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            long newRun = again.json().get("runId").longValue();
            assertThat(newRun).as("run ids go on without a gap").isEqualTo(killedRun + 1);
            assertThat(waitForEnd(http, newRun).get("status").stringValue()).isEqualTo("succeeded");
            System.out.printf("training resumed %.1f s after the restarted service was live%n",
                    (System.nanoTime() - afterRestart) / 1e9);
            assertThat(firstRun).isEqualTo(1);
            assertForgotten(http);
            // acknowledged on the default URL, then SIGKILL at once: no shutdown hook, no database close
            for (int i = 0; i < 300; i++) {
                assertThat(http.json("POST", "/api/v1/ratings", "{\"userId\":\"k" + (i % 17) + "\",\"itemId\":\"j" + i
                        + "\",\"rating\":4}").status()).isEqualTo(201);
            }
            service.kill();
            String added = "added WRITE_DELAY=0";
            assertThat(service.output(1)).as("the first start's URL had no WRITE_DELAY").contains(added);
            assertThat(service.output(3)).as("the third start ran on the default URL").doesNotContain(added);
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir + File.separator + "latent", "sa", "")) {
            assertThat(ratingsOfUsers(c, "w%")).as("acknowledged writes after three kills").isEqualTo(300);
            assertThat(ratingsOfUsers(c, "k%")).as("writes acknowledged on the default URL just before the kill")
                    .isEqualTo(300);
        }
    }

    private static long ratingsOfUsers(Connection c, String pattern) throws java.sql.SQLException {
        try (var statement = c.prepareStatement("SELECT COUNT(*) FROM ratings r JOIN users u "
                + "ON u.user_key = r.user_key WHERE u.external_id LIKE ?")) {
            statement.setString(1, pattern);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** These variables and one more (which {@code ${NAME:default}} in the arguments can read). */
    private static Map<String, String> with(Map<String, String> environment, String variable, String value) {
        Map<String, String> all = new java.util.HashMap<>(environment);
        all.put(variable, value);
        return all;
    }

    private static void assertForgotten(TestHttp http) {
        JsonNode recs = http.get("/api/v1/users/u1/recommendations?limit=50").json();
        assertThat(recs.get("strategy").stringValue()).as("deleted user: " + recs).isNotEqualTo("model");
        assertThat(http.get("/api/v1/items/i1/similar").status()).as("deleted item has no similar items").isEqualTo(404);
        assertThat(http.get("/api/v1/users/u2/predictions/i1").status()).isIn(404);
        for (int u = 2; u < 40; u++) {
            JsonNode items = http.get("/api/v1/users/u" + u + "/recommendations?limit=100").json().get("items");
            for (JsonNode item : items) {
                assertThat(item.get("itemId").stringValue()).isNotEqualTo("i1");
            }
        }
        for (int i = 2; i < 30; i++) {
            Response similar = http.get("/api/v1/items/i" + i + "/similar?limit=100");
            if (similar.status() == 200) {
                assertThat(similar.body()).doesNotContain("\"i1\"");
            }
        }
        assertThat(http.get("/api/v1/items/popular?limit=1000").body()).doesNotContain("\"i1\"");
    }

    private static long train(TestHttp http) throws InterruptedException {
        Response started = http.json("POST", "/api/v1/model/training", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long id = started.json().get("runId").longValue();
        assertThat(waitForEnd(http, id).get("status").stringValue()).isEqualTo("succeeded");
        return id;
    }

    private static JsonNode run(TestHttp http, long id) {
        return http.get("/api/v1/model/training/" + id).json();
    }

    private static JsonNode waitForEnd(TestHttp http, long id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            JsonNode run = run(http, id);
            String status = run.get("status").stringValue();
            if (!status.equals("queued") && !status.equals("running")) {
                return run;
            }
            assertThat(System.nanoTime()).as("run " + id + " ended").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static long waitForStatus(TestHttp http, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            JsonNode page = http.get("/api/v1/model/runs?size=1").json().get("runs");
            if (page.size() > 0 && page.get(0).get("status").stringValue().equals(wanted)
                    && page.get(0).get("progress") != null) {
                return page.get(0).get("runId").longValue();
            }
            assertThat(System.nanoTime()).as("a run reached " + wanted).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String strategy(TestHttp http, String user) {
        return http.get("/api/v1/users/" + user + "/recommendations").json().get("strategy").stringValue();
    }
}
