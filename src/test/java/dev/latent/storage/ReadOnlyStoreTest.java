package dev.latent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latent.LatentApplication;
import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An existing H2 store on a filesystem that has become read-only (a tmpfs of its own, remounted {@code ro}: needs
 * the right to mount, root in a container; skipped otherwise). The service, a child JVM, starts on it, serves
 * reads, answers every write 503 problem+json with Retry-After (never 500) and keeps readiness down while
 * liveness stays up.
 *
 * <p>The store is made by the service run in this JVM (as RestartTest does), stopped before the remount: a start
 * there costs about 2 s of CPU, a child JVM's about 10 s. The start on the read-only store is the child's.
 */
@dev.latent.ChildJvm
class ReadOnlyStoreTest {

    static final Path MOUNT = Path.of(System.getProperty("java.io.tmpdir"), "latent-readonly-" + ProcessHandle.current().pid());
    static Path logs;

    @BeforeAll
    static void mountASmallFilesystem() throws Exception {
        Files.createDirectories(MOUNT);
        logs = Files.createTempDirectory("latent-readonly-logs-");
        assumeTrue(DiskFullTest.run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", MOUNT.toString()) == 0,
                "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)");
    }

    @AfterAll
    static void unmount() throws Exception {
        DiskFullTest.run("umount", "-l", MOUNT.toString());
    }

    @Test
    void aReadOnlyStoreStartsServesReadsAndAnswersWrites503() throws Exception {
        Path data = MOUNT.resolve("data");
        String[] settings = {"--latent.training.scheduled=false", "--latent.storage.probe-interval=200ms",
                "--latent.storage.min-free-space=1MB"};
        try (ConfigurableApplicationContext writable = new SpringApplicationBuilder(LatentApplication.class)
                .run(Stream.concat(Stream.of("--server.port=0", "--latent.data-dir=" + data,
                        "--logging.level.dev.latent=WARN"), Stream.of(settings)).toArray(String[]::new))) {
            TestHttp http = new TestHttp(((WebServerApplicationContext) writable).getWebServer().getPort());
            for (int i = 0; i < 5; i++) {
                assertThat(http.json("PUT", "/api/v1/users/u" + i + "/ratings/i1", "{\"rating\": 4}").status())
                        .isEqualTo(201);
            }
        }
        assertThat(DiskFullTest.run("mount", "-o", "remount,ro", MOUNT.toString())).as("remount read-only").isZero();

        try (ServiceProcess service = new ServiceProcess(data, logs, "384m", settings).onTheSerialCollector()) {
            TestHttp http = service.start();
            assertThat(http.get("/api/v1/users/u3/ratings/i1").status()).as("reads still served").isEqualTo(200);
            for (Response r : new Response[] {
                    http.json("PUT", "/api/v1/users/u9/ratings/i1", "{\"rating\": 4}"),
                    http.json("POST", "/api/v1/ratings/batch", "[{\"userId\":\"u9\",\"itemId\":\"i2\",\"rating\":3}]"),
                    http.csv("u9,i3,5\n"),
                    http.delete("/api/v1/users/u1/ratings/i1")}) {
                assertThat(r.status()).as("a write on a read-only store: " + r).isEqualTo(503);
                assertThat(r.isProblem()).as(r.toString()).isTrue();
            }
            var raw = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            http.uri("/api/v1/users/raw/ratings/i1")).header("Content-Type", "application/json")
                    .timeout(java.time.Duration.ofSeconds(60))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"rating\": 4}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(raw.statusCode()).isEqualTo(503);
            assertThat(raw.headers().firstValue("Retry-After")).isPresent();
            assertThat(DiskFullTest.storageStatus(http, "DOWN").status()).as("readiness down").isEqualTo(503);
            assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(http.get("/api/v1/users/u1/ratings/i1").status()).as("the refused delete stored nothing").isEqualTo(200);
            assertThat(http.get("/api/v1/users/u9/ratings/i1").status()).as("the refused put stored nothing").isEqualTo(404);
            assertThat(service.output()).doesNotContain("request failed");
        }
    }
}
