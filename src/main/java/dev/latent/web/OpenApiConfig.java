package dev.latent.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: title, the API key scheme, the Problem schema, and the problem responses every
 * operation can give (so the controllers only declare their successes).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI latentOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Latent").version("v1")
                        .description("Collaborative-filtering recommender: ratings in, recommendations out. "
                                + "[Dashboard](/): the store, the served model, training runs, live serving and a "
                                + "try-it panel."))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(ApiKeyFilter.HEADER)
                                .description("Needed by every method other than GET when latent.security.api-key is set")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> addProblems(path, method.name(), op)));
        };
    }

    private static void addProblems(String path, String method, io.swagger.v3.oas.models.Operation op) {
        {
            boolean write = !method.equals("GET");
            boolean input = op.getRequestBody() != null || (op.getParameters() != null && !op.getParameters().isEmpty());
            if (input) {
                add(op.getResponses(), "400", "invalid input: see errors", Map.of("status", 400,
                        "title", "Invalid request", "detail", "1 problem in the batch; nothing was stored",
                        "errors", java.util.List.of(Map.of("index", 3, "field", "rating",
                                "message", "must be between 0.5 and 5.0, was 7.0"))));
            }
            if (path.contains("{") && (method.equals("GET") || method.equals("DELETE"))) {
                add(op.getResponses(), "404", "unknown user, item or rating",
                        Map.of("status", 404, "title", "Not Found", "detail", "no user alice"));
            }
            if (write) {
                add(op.getResponses(), "401", "missing or wrong X-API-Key (when an API key is configured)",
                        Map.of("status", 401, "title", "Unauthorized", "detail", "this request needs the header X-API-Key"));
            }
            if (op.getRequestBody() != null) {
                add(op.getResponses(), "413", "body over the configured limit",
                        Map.of("status", 413, "title", "Content Too Large", "detail", "the body is larger than 4194304 bytes"));
                add(op.getResponses(), "415", "unsupported media type or content encoding",
                        Map.of("status", 415, "title", "Unsupported Media Type", "detail", "Content-Type 'text/xml' is not supported."));
            }
        }
    }

    private static void add(io.swagger.v3.oas.models.responses.ApiResponses responses, String code, String description,
                            Object example) {
        if (responses.containsKey(code)) {
            return;
        }
        responses.addApiResponse(code, new ApiResponse().description(description).content(new Content()
                .addMediaType("application/problem+json", new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)).example(example))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Schema<?> violation = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field: userId, itemId, rating, timestamp, body, line, ..."))
                .addProperty("index", new IntegerSchema().description("0-based element of a batch"))
                .addProperty("line", new IntegerSchema().format("int64").description("1-based line of a CSV import"))
                .addProperty("message", new StringSchema().description("what is wrong"));
        return new ObjectSchema().description("RFC 9457 problem details (application/problem+json)")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("1 problem in the batch; nothing was stored"))
                .addProperty("instance", new StringSchema().example("/api/v1/ratings/batch"))
                .addProperty("errors", new ArraySchema().items(violation).description("validation errors, when any"))
                .addProperty("errorCount", new IntegerSchema().format("int64").description("total bad lines when more than listed"));
    }
}
