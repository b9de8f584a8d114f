package dev.latent.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container health check, so that the runtime image needs no curl or wget: exit status 0 when
 * {@code GET <url>} answers 2xx within the timeout, 1 otherwise. Plain JDK, no Spring on the class path, so it
 * starts in a fraction of a second: {@code java -cp /app/BOOT-INF/classes dev.latent.cli.HealthProbe [url]}.
 * The default URL is the liveness probe on {@code SERVER_PORT} (8080).
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("SERVER_PORT", "8080");
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:" + port + "/actuator/health/liveness";
        System.exit(healthy(URI.create(url), Duration.ofSeconds(3)) ? 0 : 1);
    }

    /** True when the URL answers 2xx within {@code timeout}; any failure to connect or read is false. */
    static boolean healthy(URI url, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
