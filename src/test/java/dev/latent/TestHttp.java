package dev.latent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests against the real server: raw bodies and headers, nothing rewritten. */
public final class TestHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final HttpClient client;

    public TestHttp(int port) {
        this(port, CLIENT);
    }

    /** With a client of its own: no connection pooled by another TestHttp (e.g. one whose uploads a 413 cut off). */
    public static TestHttp withOwnClient(int port) {
        return new TestHttp(port, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    private TestHttp(int port, HttpClient client) {
        this.base = "http://127.0.0.1:" + port;
        this.client = client;
    }

    /** A response: status, content type and body (parsed as JSON when it is JSON). */
    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            return body.isEmpty() ? null : JSON.readTree(body);
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response json(String method, String path, String json) {
        return send(method, path, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    public Response csv(String csv) {
        return send("POST", "/api/v1/ratings/import", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    public Response send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
