package dev.latent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latent.evaluation.RankingMetrics;
import dev.latent.evaluation.RatingMetrics;
import dev.latent.evaluation.SyntheticRatings;
import dev.latent.factorization.AlsTrainer;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitAlsTrainer;
import dev.latent.factorization.RatingMatrix;
import dev.latent.model.IdMap;
import dev.latent.model.Ratings;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Spark job end to end on {@code local[2]}: generated ratings go into a real service instance (the
 * service jar of this checkout, H2 file store shared through H2's auto-server), the job reads them from the
 * store through Spark's JDBC source, trains and writes a model version, and the running instance — set to
 * {@code latent.training.engine=external} — picks it up by its model poll and serves it. The held-out
 * figures must match the in-process trainers' on the same split of the same data: RMSE within 0.01, NDCG@10
 * within 5 %. The model carries the store's change-feed mark, and the instance treats the writes made between
 * the job's read and its write as newer than the model (folded in, deletes kept) and the imported ones as in it;
 * it prunes the feed up to the mark though it never trains.
 */
@Tag("spark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkTrainingJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Path dir;
    private Process service;
    private String base;
    private String storeUrl;
    private long feedAtSnapshot;

    /** The service's and the job's store: here an H2 file shared through H2's auto-server. */
    protected String storeUrl(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("latent") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
    }

    /** Service arguments that select the store beyond its URL. */
    protected List<String> serviceStoreArgs() {
        return List.of();
    }

    protected String user() {
        return "sa";
    }

    @BeforeAll
    void startService() throws Exception {
        File jar = new File(System.getProperty("latent.service.jar", "../target/latent.jar"));
        assertTrue(jar.isFile(), "the service jar " + jar + " is missing: build it first (./mvnw package)");
        dir = Files.createTempDirectory("latent-spark-test");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        storeUrl = storeUrl(dir);
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx512m",
                "-jar", jar.getAbsolutePath(), "--server.port=" + port, "--latent.data-dir=" + dir,
                "--spring.datasource.url=" + storeUrl, "--latent.training.engine=external",
                "--latent.training.model-poll=300ms", "--logging.level.root=WARN"));
        command.addAll(serviceStoreArgs());
        service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).start();
        base = "http://127.0.0.1:" + port;
        for (int attempt = 0; ; attempt++) {
            try {
                if (get("/actuator/health/liveness").statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertTrue(service.isAlive() && attempt < 720, "the service did not start within 3 minutes: " + log());
            Thread.sleep(250);
        }
        StringWriter data = new StringWriter();
        SyntheticRatings.write(data, 1500, 600, 60_000, 8, 0.5, 7);
        HttpResponse<String> imported = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ratings/import"))
                .header("Content-Type", "text/tab-separated-values")
                .POST(HttpRequest.BodyPublishers.ofString(data.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, imported.statusCode(), imported.body());
    }

    @AfterAll
    void stopService() {
        if (service != null) {
            service.destroy();
        }
    }

    @Test
    void trainsOnTheStoreWritesAVersionTheServiceServesAndMatchesTheInProcessTrainers() throws Exception {
        JobOptions options = JobOptions.parse(new String[] {"--store", storeUrl, "--user", user(), "--password", "",
                "--rank", "16", "--iterations", "10", "--ranking-rank", "16", "--ranking-iterations", "10",
                "--refit-iterations", "3", "--blocks", "4", "--read-partitions", "3", "--holdout", "0.1",
                "--seed", "42", "--min", "0.5", "--max", "5"});
        long feedBefore = feedMax(); // the import's rows: the service records the feed when training is external
        feedAtSnapshot = feedBefore;
        assertTrue(feedBefore > 0, "the import wrote change-feed rows");
        // A tombstone of a delete made an hour before the job (dated back: the window is 10 minutes)
        update("INSERT INTO deletions (kind, external_id, deleted_at) VALUES ('user', 'gone-long-ago', "
                + "CURRENT_TIMESTAMP - INTERVAL '1' HOUR)");
        SparkTrainingJob.Result result;
        Reference[] reference = new Reference[1];
        try (SparkSession spark = SparkSession.builder().master("local[2]").appName("latent-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString()).getOrCreate()) {
            // Between the job's read of the ratings and its write: the in-process trainers on what it read, then
            // writes newer than its model.
            result = SparkTrainingJob.run(spark, options, () -> {
                reference[0] = inProcess(options);
                writeAfterTheSnapshot();
            });
        }
        assertEquals(60_000, result.ratings());
        assertEquals(1, result.version(), "the first model version of this store");
        assertEquals(feedBefore, result.feedSeq(), "the mark: the feed's newest row when the ratings were read");
        assertEquals(feedBefore, storedFeedSeq(1), "models.feed_seq, as the service stores its own mark");
        assertTrue(feedMax() > feedBefore, "the writes after the snapshot have newer feed rows");
        assertEquals(0, longQuery("SELECT COUNT(*) FROM deletions WHERE external_id = 'gone-long-ago'"),
                "the model read from the store excludes the delete made an hour before: its tombstone is pruned");
        assertEquals(2, longQuery("SELECT COUNT(*) FROM deletions WHERE external_id IN ('3', '7')"),
                "the deletes after the snapshot (user 3, item 7) keep their tombstones");

        // The running instance loads it by its poll and serves it.
        JsonNode model = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpResponse<String> r = get("/api/v1/model");
            if (r.statusCode() == 200) {
                model = JSON.readTree(r.body());
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(model != null, "the service never served the stored model: " + log());
        assertEquals(1, model.get("version").asLong());
        assertEquals("spark", model.get("parameters").get("engine").asText());
        assertEquals(60_000, model.get("ratings").asLong());
        assertEquals(result.metrics().get("heldOutRmse"), model.get("metrics").get("heldOutRmse").asDouble(), 1e-12);
        HttpResponse<String> recs = get("/api/v1/users/1/recommendations?limit=10");
        assertEquals(200, recs.statusCode(), recs.body());
        JsonNode answer = JSON.readTree(recs.body());
        assertEquals(10, answer.get("items").size(), recs.body());
        assertEquals("model", answer.get("strategy").asText(), "user 1 is in the Spark-trained model: " + recs.body());
        assertEquals(1, answer.get("modelVersion").asLong());
        assertServedAsNewerThanTheModel();
        assertFeedPrunedUpToTheMark(feedBefore);
        HttpResponse<String> prediction = get("/api/v1/users/1/predictions/1");
        assertEquals(200, prediction.statusCode(), prediction.body());
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/model/training"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(409, refused.statusCode(), "the external-engine service refuses to train: " + refused.body());

        // The in-process trainers on the same split of the same ratings.
        Reference ref = reference[0];
        double sparkRmse = result.metrics().get("heldOutRmse");
        double sparkNdcg = result.metrics().get("ndcg@10");
        double sparkRatingNdcg = result.metrics().get("ratingModelNdcg@10");
        System.out.printf("held-out RMSE spark %.4f in-process %.4f; NDCG@10 ranking spark %.4f in-process %.4f, "
                + "rating model spark %.4f in-process %.4f, popularity %.4f%n", sparkRmse, ref.rmse, sparkNdcg, ref.ndcg,
                sparkRatingNdcg, ref.ratingNdcg, ref.popularityNdcg);
        assertEquals(ref.heldOut, result.heldOut(), "the same held-out share");
        assertEquals(ref.popularityNdcg, result.metrics().get("popularityNdcg@10"), 1e-9,
                "the same split and metric give the same popularity baseline");
        assertEquals(ref.rmse, sparkRmse, 0.01, "held-out RMSE, Spark " + sparkRmse + " vs in-process " + ref.rmse);
        assertEquals(ref.ndcg, sparkNdcg, 0.05 * ref.ndcg,
                "ranking model NDCG@10, Spark " + sparkNdcg + " vs in-process " + ref.ndcg);
        assertEquals(ref.ratingNdcg, sparkRatingNdcg, 0.05 * ref.ratingNdcg,
                "rating model NDCG@10, Spark " + sparkRatingNdcg + " vs in-process " + ref.ratingNdcg);
        assertTrue(sparkRmse < 0.8 * ref.meanRmse(), "the model learnt something: RMSE " + sparkRmse);
        assertFalse(Double.isNaN(sparkNdcg));
    }

    /**
     * Between the job's read and its write: user 2 rates once more, user 3 and item 7 are deleted; and the
     * import's feed rows are dated back past the 10-minute window, as if the job had run long (the pruning
     * after the model is loaded may then drop them).
     */
    private void writeAfterTheSnapshot() {
        try {
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/users/2/ratings/599"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"rating\": 5}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(put.statusCode() / 100 == 2, put.body());
            for (String path : List.of("/api/v1/users/3", "/api/v1/items/7")) {
                HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(deleted.statusCode() / 100 == 2, path + ": " + deleted.body());
            }
            try (Connection c = DriverManager.getConnection(storeUrl, user(), "");
                 Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE change_feed SET created_at = created_at - INTERVAL '1' HOUR WHERE seq <= "
                        + feedAtSnapshot);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The model reflects what the feed mark covers and nothing after it: user 1 (imported before) is served from
     * the model, user 2 (rated after) is folded in afresh, user 3 and item 7 (deleted after) stay deleted.
     */
    private void assertServedAsNewerThanTheModel() throws Exception {
        JsonNode one = JSON.readTree(get("/api/v1/users/1/recommendations?limit=600").body());
        assertEquals("model", one.get("strategy").asText(), "rated before the snapshot: in the model");
        for (JsonNode item : one.get("items")) {
            assertFalse("7".equals(item.get("itemId").asText()), "item 7 was deleted after the snapshot: " + one);
        }
        JsonNode two = JSON.readTree(get("/api/v1/users/2/recommendations?limit=10").body());
        assertEquals("folded-in", two.get("strategy").asText(), "rated after the snapshot: newer than the model "
                + two);
        JsonNode three = JSON.readTree(get("/api/v1/users/3/recommendations?limit=10").body());
        assertEquals("popular", three.get("strategy").asText(), "deleted after the snapshot: forgotten " + three);
        assertEquals(404, get("/api/v1/items/7/similar").statusCode(), "item 7 deleted after the snapshot");
    }

    /** The service prunes the feed rows every stored model reflects (FeedPruner), though it never trains. */
    private void assertFeedPrunedUpToTheMark(long mark) throws Exception {
        for (int attempt = 0; attempt < 100 && feedRowsUpTo(mark) > 0; attempt++) {
            Thread.sleep(200);
        }
        assertEquals(0, feedRowsUpTo(mark), "rows up to the mark, older than the window, pruned: " + log());
        assertTrue(feedMax() > mark, "the rows after the mark are kept");
    }

    private void update(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(storeUrl, user(), "");
             Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private long feedMax() throws Exception {
        return longQuery("SELECT COALESCE(MAX(seq), 0) FROM change_feed");
    }

    private long feedRowsUpTo(long seq) throws Exception {
        return longQuery("SELECT COUNT(*) FROM change_feed WHERE seq <= " + seq);
    }

    private long storedFeedSeq(long version) throws Exception {
        return longQuery("SELECT feed_seq FROM models WHERE version = " + version);
    }

    private long longQuery(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(storeUrl, user(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    /** The in-process figures; {@code meanRmse} is that of predicting the training mean. */
    private record Reference(double rmse, double ndcg, double ratingNdcg, double popularityNdcg, long heldOut,
                             double meanRmse) {
    }

    /** Reads the store as the service's snapshot does (dense indices in key order) and trains in-process. */
    private Reference inProcess(JobOptions o) {
        try {
            return readAndTrain(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Reference readAndTrain(JobOptions o) throws Exception {
        Map<Integer, Integer> users = new TreeMap<>();
        Map<Integer, Integer> items = new TreeMap<>();
        List<int[]> cells = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(storeUrl, user(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT user_key, item_key, rating FROM ratings")) {
            while (rs.next()) {
                users.put(rs.getInt(1), 0);
                items.put(rs.getInt(2), 0);
                cells.add(new int[] {rs.getInt(1), rs.getInt(2)});
                values.add(rs.getFloat(3));
            }
        }
        int next = 0;
        for (Map.Entry<Integer, Integer> e : users.entrySet()) {
            e.setValue(next++);
        }
        next = 0;
        for (Map.Entry<Integer, Integer> e : items.entrySet()) {
            e.setValue(next++);
        }
        int n = cells.size();
        int[] tu = new int[n];
        int[] ti = new int[n];
        float[] tr = new float[n];
        int[] hu = new int[n];
        int[] hi = new int[n];
        float[] hr = new float[n];
        int nt = 0;
        int nh = 0;
        double sum = 0;
        for (int e = 0; e < n; e++) {
            int u = users.get(cells.get(e)[0]);
            int i = items.get(cells.get(e)[1]);
            if (Holdout.isHeldOut(u, i, o.seed(), o.holdout())) {
                hu[nh] = u;
                hi[nh] = i;
                hr[nh++] = values.get(e);
            } else {
                tu[nt] = u;
                ti[nt] = i;
                tr[nt++] = values.get(e);
                sum += values.get(e);
            }
        }
        RatingMatrix train = RatingMatrix.of(users.size(), items.size(), tu, ti, tr, nt);
        RatingMatrix test = RatingMatrix.of(users.size(), items.size(), hu, hi, hr, nh);
        Ratings heldOut = new Ratings(hu, hi, hr, nh, new IdMap(), new IdMap());
        FactorModel rating = new AlsTrainer(o.rating(false).withThreads(2)).train(train, null, (it, l, t) -> true);
        FactorModel ranking = new ImplicitAlsTrainer(o.rankingConfig(false).withThreads(2)).train(train);
        float relevant = o.relevantAtLeast();
        double mean = sum / nt;
        return new Reference(RatingMetrics.evaluate(rating::predict, heldOut, o.min(), o.max()).rmse(),
                RankingMetrics.evaluate(ranking::scoreAll, train, test, 10, relevant).ndcg(),
                RankingMetrics.evaluate(rating::scoreAll, train, test, 10, relevant).ndcg(),
                RankingMetrics.evaluate(RankingMetrics.popularity(train), train, test, 10, relevant).ndcg(), nh,
                RatingMetrics.evaluate((u, i) -> (float) mean, heldOut, o.min(), o.max()).rmse());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("service.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
