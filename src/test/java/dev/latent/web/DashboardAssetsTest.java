package dev.latent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import dev.latent.cli.HealthProbe;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Without a browser: the dashboard and its chart library come from the jar, the OpenAPI description links
 * it, and the image's health check (HealthProbe, run as the Dockerfile runs it: a JVM with only the
 * application's classes) tells a live server from a closed port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardAssetsTest {

    @DynamicPropertySource
    static void h2InTempDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("latent-assets-");
        registry.add("latent.data-dir", dir::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void theDashboardAndItsScriptsAreServedFromTheJar() {
        TestHttp http = new TestHttp(port);
        TestHttp.Response page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("/webjars/uplot/dist/uPlot.iife.min.js", "/dashboard.js", "id=\"try-form\"");
        // the version-less WebJar path resolves (webjars-locator-lite), nothing comes from elsewhere
        TestHttp.Response uplot = http.get("/webjars/uplot/dist/uPlot.iife.min.js");
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(http.get("/webjars/uplot/dist/uPlot.min.css").status()).isEqualTo(200);
        assertThat(http.get("/dashboard.js").body()).contains("/api/v1", "/stats", "X-API-Key").doesNotContain("https://");
        assertThat(page.body()).doesNotContain("https://", "http://");
        assertThat(http.get("/v3/api-docs").json().get("info").get("description").stringValue()).contains("[Dashboard](/)");
    }

    @Test
    void theHealthProbeExitsZeroOnALiveServerAndOneOnAClosedPort() throws Exception {
        assertThat(probe("http://127.0.0.1:" + port + "/actuator/health/liveness")).isZero();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(probe("http://127.0.0.1:" + closed + "/actuator/health/liveness")).isEqualTo(1);
        assertThat(probe("http://127.0.0.1:" + port + "/no-such-page")).isEqualTo(1);
    }

    private static int probe(String url) throws Exception {
        String classes = Path.of(HealthProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", classes, HealthProbe.class.getName(), url).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
