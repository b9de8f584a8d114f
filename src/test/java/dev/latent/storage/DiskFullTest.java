package dev.latent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The store on a small filesystem of its own (a 32 MiB tmpfs, so this needs the right to mount: root in a
 * container; skipped otherwise) that the test fills: writes answer 503 problem+json with Retry-After, never
 * 500; readiness goes down while liveness stays up; once space is freed the same process takes writes again
 * and every write acknowledged before, during and after is stored.
 *
 * <p>It was tagged {@code disk-full} and left out because one run in three hung: H2 that hits ENOSPC inside a
 * transaction closes its database, the pool reopens it on the still-full disk, and the next failed write's
 * rollback spins for ever in {@code MVStore.registerVersionUsage} (a thread dump showed the request thread
 * RUNNABLE there under {@code JdbcConnection.rollback} from Hikari's {@code close}; H2 2.4.240). Writes are now
 * refused below {@code latent.storage.min-free-space} (here 4 MB) before H2 touches the disk ({@link FreeSpace}),
 * so the database stays open; every request has a 60 s client timeout and every wait is bounded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "latent.training.scheduled=false", "latent.storage.probe-interval=200ms", "latent.storage.min-free-space=4MB"})
class DiskFullTest {

    static final Path MOUNT = Path.of(System.getProperty("java.io.tmpdir"), "latent-diskfull-" + ProcessHandle.current().pid());

    @DynamicPropertySource
    static void storeOnTheSmallFilesystem(DynamicPropertyRegistry registry) {
        registry.add("latent.data-dir", () -> MOUNT.resolve("data").toString());
    }

    @BeforeAll
    static void mountASmallFilesystem() throws Exception {
        Files.createDirectories(MOUNT);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", MOUNT.toString()) == 0,
                "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)");
    }

    @AfterAll
    static void unmount() throws Exception {
        run("umount", "-l", MOUNT.toString());
    }

    @LocalServerPort
    int port;

    @Test
    void aFullDiskIs503AndTheServiceRecoversByItself() throws Exception {
        TestHttp http = new TestHttp(port);
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            put(http, "before" + i, acknowledged);
        }
        Path filler = MOUNT.resolve("filler");
        fill(filler);

        int unavailable = 0;
        for (int i = 0; i < 40; i++) {
            Response r = put(http, "full" + i, acknowledged);
            assertThat(r.status()).as("never a server error: " + r).isIn(201, 503);
            if (r.status() == 503) {
                unavailable++;
                assertThat(r.isProblem()).isTrue();
            }
        }
        assertThat(unavailable).as("the full disk was noticed").isGreaterThan(0);
        var raw = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        http.uri("/api/v1/users/raw/ratings/i1")).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"rating\": 4}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(503);
        assertThat(raw.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(storageStatus(http, "DOWN").status()).as("readiness is down with the storage").isEqualTo(503);
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);

        Files.delete(filler);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int n = 0;
        while (put(http, "after" + n++, acknowledged).status() != 201) {
            assertThat(System.nanoTime()).as("writes came back once space was freed").isLessThan(deadline);
            Thread.sleep(200);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(put(http, "later" + i, acknowledged).status()).isEqualTo(201);
        }
        // the storage part of readiness is up again (readiness as a whole waits for a first model: none trained here)
        storageStatus(http, "UP");
        for (String user : acknowledged) {
            assertThat(http.get("/api/v1/users/" + user + "/ratings/i1").status()).as(user).isEqualTo(200);
        }
    }

    private static Response put(TestHttp http, String user, List<String> acknowledged) {
        Response r = http.json("PUT", "/api/v1/users/" + user + "/ratings/i1", "{\"rating\": 4}");
        if (r.status() == 201) {
            acknowledged.add(user);
        }
        return r;
    }

    /** Waits (bounded) until readiness reports the storage indicator with this status; returns that answer. */
    static Response storageStatus(TestHttp http, String status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Response r = http.get("/actuator/health/readiness");
            if (status.equals(r.json().path("components").path("storage").path("status").asString())) {
                return r;
            }
            assertThat(System.nanoTime()).as("storage became " + status + ", last " + r).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static Response waitFor(TestHttp http, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Response r = http.get(path);
            if (r.status() == status) {
                return r;
            }
            assertThat(System.nanoTime()).as(path + " became " + status + ", last " + r).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Writes zeros until the filesystem refuses. */
    private static void fill(Path file) {
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).containsIgnoringCase("space");
        }
    }

    static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
