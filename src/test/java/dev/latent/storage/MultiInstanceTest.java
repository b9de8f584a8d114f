package dev.latent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three service JVMs on one PostgreSQL database (schema of its own): exactly one trains at a time; the trainer
 * is killed with SIGKILL in the middle of its run and another takes over once the lease has expired; every
 * live instance serves the new version; an instance without a model is not ready until it has loaded one;
 * rating writes, deletes and catalogue changes made through one instance are served by the others within a
 * bounded wait (the change feed), and a deleted item is never served again.
 *
 * <p>Instance A trains slowly (1000 sweeps at rank 64, so it is surely mid-run when killed), B and C quickly.
 * Waits are generous (the machine may be loaded); no timing is asserted beyond them.
 */
@Tag("postgres")
class MultiInstanceTest {

    static final String SCHEMA = "latent_cluster_it";
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final long WAIT = 120;

    @TempDir
    Path dir;

    private ServiceProcess service(String name, String initialDelay, String... extra) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + DB + "?reWriteBatchedInserts=true&currentSchema=" + SCHEMA,
                "--spring.flyway.schemas=" + SCHEMA, "--latent.training.instance-id=" + name,
                "--latent.training.scheduled=true", "--latent.training.initial-delay=" + initialDelay,
                "--latent.training.interval=1s", "--latent.training.lease-ttl=6s", "--latent.training.model-poll=1s",
                "--latent.training.gate.enabled=false", "--latent.training.holdout-fraction=0"));
        args.addAll(List.of(extra));
        return new ServiceProcess(d, "384m", args.toArray(new String[0]));
    }

    /** B and C check for changed ratings only from 30 s after start-up: A is the first trainer. */
    private static final String[] FAST = {"--latent.training.rank=8", "--latent.training.iterations=5",
            "--latent.training.ranking.rank=8", "--latent.training.ranking.iterations=5",
            "--latent.training.refit-iterations=1"};

    @Test
    void instancesAgreeAndTrainingSurvivesAKilledTrainer() throws Exception {
        resetSchema();
        try (ServiceProcess a = service("a", "1s", "--latent.training.rank=64", "--latent.training.iterations=1000",
                "--latent.training.ranking.rank=64", "--latent.training.ranking.iterations=1000");
             ServiceProcess b = service("b", "30s", FAST);
             ServiceProcess c = service("c", "30s", FAST)) {
            long t = System.nanoTime();
            for (ServiceProcess s : List.of(a, b, c)) {
                s.launch(java.util.Map.of());
            }
            TestHttp ha = a.awaitLive();
            TestHttp hb = b.awaitLive();
            TestHttp hc = c.awaitLive();
            System.out.printf("three instances live after %.1f s%n", (System.nanoTime() - t) / 1e9);
            StringBuilder batch = new StringBuilder("[");
            for (int u = 0; u < 300; u++) {
                for (int k = 0; k < 20; k++) {
                    batch.append(batch.length() > 1 ? "," : "").append("{\"userId\":\"u").append(u)
                            .append("\",\"itemId\":\"i").append((u * 7 + k * 13) % 200).append("\",\"rating\":")
                            .append(1 + (u + k) % 5).append('}');
                }
            }
            assertThat(ha.json("POST", "/api/v1/ratings/batch", batch.append(']').toString()).status()).isEqualTo(200);
            // A's scheduled check starts its (slow) run
            t = System.nanoTime();
            await("A trains", () -> "a".equals(leaseHolder()) && runningIteration() > 0);
            System.out.printf("A trains after %.1f s%n", (System.nanoTime() - t) / 1e9);
            // exactly one trains: the others are refused while A's lease lives
            TestHttp.Response refused = hb.json("POST", "/api/v1/model/training", null);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.body()).contains("\"leaseHolder\":\"a\"");
            assertThat(countRunning()).isEqualTo(1);
            // no model anywhere yet, ratings stored: not ready
            assertThat(hc.get("/actuator/health/readiness").status()).isEqualTo(503);

            long killedAt = System.nanoTime();
            a.kill();
            await("B or C trains a model once A's lease expired, and both serve it",
                    () -> version(hb) > 0 && version(hb) == version(hc));
            double takeover = (System.nanoTime() - killedAt) / 1e9;
            assertThat(hc.get("/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(hb.get("/actuator/health/readiness").status()).isEqualTo(200);
            System.out.printf("takeover after kill -9: %.1f s until both serve version %d%n", takeover, version(hb));
            await("A's run is marked abandoned", () -> abandonedRuns() == 1);

            // a rating on B: C no longer recommends the item to that user, and folds the user in
            String top = firstItem(hc.get("/api/v1/users/u1/recommendations?limit=5").json());
            long t0 = System.nanoTime();
            assertThat(hb.json("PUT", "/api/v1/users/u1/ratings/" + top, "{\"rating\":5}").status()).isIn(200, 201);
            await("C sees u1's new rating", () -> {
                JsonNode r = hc.get("/api/v1/users/u1/recommendations?limit=5").json();
                return "folded-in".equals(r.get("strategy").asString()) && !items(r).contains(top);
            });
            System.out.printf("a rating on B served by C after %.0f ms%n", (System.nanoTime() - t0) / 1e6);

            // a new user's first ratings on C: B folds them in (it had cached the user without ratings)
            assertThat(hb.get("/api/v1/users/newcomer/recommendations?limit=5").json().get("strategy").asString())
                    .isEqualTo("popular");
            assertThat(hc.json("PUT", "/api/v1/users/newcomer/ratings/i3", "{\"rating\":5}").status()).isEqualTo(201);
            await("B folds in the newcomer", () -> "folded-in".equals(
                    hb.get("/api/v1/users/newcomer/recommendations?limit=5").json().get("strategy").asString()));

            // an item deleted on B is never served by C again, not even after C loads a newer model
            String gone = firstItem(hc.get("/api/v1/items/popular?limit=1").json());
            assertThat(hb.delete("/api/v1/items/" + gone).status()).isEqualTo(204);
            await("C stops serving the deleted item", () -> hc.get("/api/v1/items/" + gone + "/similar").status() == 404);
            assertThat(items(hc.get("/api/v1/items/popular?limit=200").json())).doesNotContain(gone);
            // a user deleted on C is not answered from the model on B
            assertThat(hc.delete("/api/v1/users/u2").status()).isEqualTo(204);
            await("B forgets u2", () -> "popular".equals(
                    hb.get("/api/v1/users/u2/recommendations?limit=5").json().get("strategy").asString()));

            // an item hidden on C is left out on B
            String hidden = firstItem(hb.get("/api/v1/items/popular?limit=1").json());
            assertThat(hc.json("PUT", "/api/v1/items/" + hidden, "{\"hidden\":true}").status()).isIn(200, 201);
            await("B leaves the hidden item out", () ->
                    !items(hb.get("/api/v1/items/popular?limit=200").json()).contains(hidden));

            // a new model (trained by B or C on the changed data): still nothing of the deleted item, on both
            long before = version(hb);
            assertThat(trainAnywhere(hb, hc)).isTrue();
            await("both serve the newer model", () -> version(hb) > before && version(hb) == version(hc));
            for (TestHttp h : List.of(hb, hc)) {
                assertThat(h.get("/api/v1/items/" + gone + "/similar").status()).isEqualTo(404);
                assertThat(items(h.get("/api/v1/items/popular?limit=200").json())).doesNotContain(gone, hidden);
                assertThat(items(h.get("/api/v1/users/u1/recommendations?limit=200").json())).doesNotContain(gone, top);
            }
        }
    }

    /** Starts a run on whichever instance is not refused (the scheduled check may have started one already). */
    private static boolean trainAnywhere(TestHttp... instances) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (System.nanoTime() < deadline) {
            for (TestHttp h : instances) {
                if (h.json("POST", "/api/v1/model/training", null).status() == 202) {
                    return true;
                }
            }
            Thread.sleep(300);
        }
        return false;
    }

    private static long version(TestHttp h) {
        TestHttp.Response r = h.get("/api/v1/model");
        return r.status() == 200 ? r.json().get("version").asLong() : 0;
    }

    private static String firstItem(JsonNode answer) {
        return answer.get("items").get(0).get("itemId").asString();
    }

    private static List<String> items(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("items").forEach(i -> ids.add(i.get("itemId").asString()));
        return ids;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not there yet (a connection refused, a 404 body without items)
            }
            assertThat(System.nanoTime()).as(what + " within " + WAIT + " s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void resetSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(DB, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static String leaseHolder() {
        return query("SELECT holder FROM training_lease WHERE id = 1 AND expires_at > now()");
    }

    private static long runningIteration() {
        String it = query("SELECT MAX(iteration) FROM training_runs WHERE status = 'running'");
        return it == null ? 0 : Long.parseLong(it);
    }

    private static long countRunning() {
        return Long.parseLong(query("SELECT COUNT(*) FROM training_runs WHERE status = 'running'"));
    }

    private static long abandonedRuns() {
        return Long.parseLong(query("SELECT COUNT(*) FROM training_runs WHERE status = 'abandoned'"));
    }

    private static String query(String sql) {
        try (Connection c = DriverManager.getConnection(DB + "?currentSchema=" + SCHEMA, "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            return null;
        }
    }
}
