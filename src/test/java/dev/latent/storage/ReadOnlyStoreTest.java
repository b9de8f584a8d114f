package dev.latent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latent.LatentApplication;
import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An existing H2 store on a filesystem that has become read-only (a tmpfs of its own, remounted {@code ro}: needs
 * the right to mount, root in a container; skipped otherwise). The service starts on it, serves reads, answers
 * every write 503 problem+json with Retry-After (never 500) and keeps readiness down while liveness stays up.
 *
 * <p>Both services, the one that makes the store (stopped before the remount) and the one started on the
 * read-only store, run in this JVM (as RestartTest's do): a start here costs about 2 s of CPU, a child JVM's
 * 6-10 s, and nothing here needs a process of its own (no kill, no heap of its own).
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadOnlyStoreTest {

    static final Path MOUNT = Path.of(System.getProperty("java.io.tmpdir"), "latent-readonly-" + ProcessHandle.current().pid());

    @BeforeAll
    static void mountASmallFilesystem() throws Exception {
        Files.createDirectories(MOUNT);
        assumeTrue(DiskFullTest.run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", MOUNT.toString()) == 0,
                "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)");
    }

    @AfterAll
    static void unmount() throws Exception {
        DiskFullTest.run("umount", "-l", MOUNT.toString());
    }

    /** The service on a random port over the store in {@code data}, these settings and these more. */
    private static ConfigurableApplicationContext start(Path data, String[] settings, String... more) {
        return new SpringApplicationBuilder(LatentApplication.class).run(Stream.of(
                Stream.of("--server.port=0", "--latent.data-dir=" + data), Stream.of(settings), Stream.of(more))
                .flatMap(s -> s).toArray(String[]::new));
    }

    private static TestHttp client(ConfigurableApplicationContext service) {
        return new TestHttp(((WebServerApplicationContext) service).getWebServer().getPort());
    }

    @Test
    void aReadOnlyStoreStartsServesReadsAndAnswersWrites503(CapturedOutput output) throws Exception {
        Path data = MOUNT.resolve("data");
        String[] settings = {"--latent.training.scheduled=false", "--latent.storage.probe-interval=200ms",
                "--latent.storage.min-free-space=1MB"};
        try (ConfigurableApplicationContext writable = start(data, settings, "--logging.level.dev.latent=WARN")) {
            TestHttp http = client(writable);
            for (int i = 0; i < 5; i++) {
                assertThat(http.json("PUT", "/api/v1/users/u" + i + "/ratings/i1", "{\"rating\": 4}").status())
                        .isEqualTo(201);
            }
        }
        assertThat(DiskFullTest.run("mount", "-o", "remount,ro", MOUNT.toString())).as("remount read-only").isZero();

        int before = output.getAll().length();
        // the service's own log levels (as a child started with --logging.level.dev.latent=INFO had them)
        try (ConfigurableApplicationContext readOnly = start(data, settings, "--logging.level.dev.latent=INFO")) {
            TestHttp http = client(readOnly);
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
            assertThat(output.getAll().substring(before)).as("what the service on the read-only store logged")
                    .doesNotContain("request failed");
        }
    }
}
