package dev.latent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * With latent.security.public-recommendations=false ApiKeyFilter guards every /api operation, and the OpenAPI
 * document marks every one with the API key and its 401 (the default is OpenApiDocumentTest's).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "latent.security.public-recommendations=false")
class OpenApiPrivateRecommendationsTest {

    @DynamicPropertySource
    static void h2InTempDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("latent-openapi-private-");
        registry.add("latent.data-dir", dir::toString);
        registry.add("latent.training.scheduled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void everyOperationNeedsTheKey() {
        JsonNode doc = new TestHttp(port).get("/v3/api-docs").json();
        List<String> open = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!op.getValue().has("responses")) {
                    continue;
                }
                operations++;
                if (!op.getValue().path("security").toString().contains("apiKey")
                        || !op.getValue().get("responses").has("401")) {
                    open.add(op.getKey() + " " + path.getKey());
                }
            }
        }
        assertThat(operations).isGreaterThan(30);
        assertThat(open).as("operations documented as open").isEmpty();
    }
}
