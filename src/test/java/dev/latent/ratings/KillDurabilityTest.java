package dev.latent.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rating the service acknowledged is in the H2 file after the process is killed with SIGKILL, with no
 * chance to close the database (the reason for {@code WRITE_DELAY=0} in the default URL).
 */
@dev.latent.ChildJvm
class KillDurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedRatingsSurviveAKill() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m"));
        command.addAll(List.of(dev.latent.ChildJvm.JVM_OPTIONS));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.latent.LatentApplication",
                "--server.port=" + port, "--latent.data-dir=" + dataDir, "--logging.level.root=WARN"));
        Process service = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("service.log").toFile()).start();
        try {
            TestHttp http = new TestHttp(port);
            // Generous: on a shared 2-core machine under heavy load a JVM start has taken over 200 s.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            while (!isLive(http)) {
                assertThat(service.isAlive()).as("the service started").isTrue();
                assertThat(System.nanoTime()).as("the service started in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            for (int i = 0; i < 300; i++) {
                assertThat(http.json("POST", "/api/v1/ratings",
                        "{\"userId\":\"u" + (i % 17) + "\",\"itemId\":\"i" + i + "\",\"rating\":4}").status()).isEqualTo(201);
            }
        } finally {
            service.destroyForcibly(); // SIGKILL: no shutdown hook, no database close
            service.waitFor(30, TimeUnit.SECONDS);
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir + File.separator + "latent", "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ratings")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(300);
        }
    }

    private static boolean isLive(TestHttp http) {
        try {
            return http.get("/actuator/health/liveness").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
