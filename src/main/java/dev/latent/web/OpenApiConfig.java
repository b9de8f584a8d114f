package dev.latent.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document, which is the API's contract (docs/api.md; checked by OpenApiDocumentTest, committed
 * as docs/openapi.json, a Java client generated from it in client/). Here: title, tags, the API key scheme
 * on the operations {@link ApiKeyFilter} guards, the Problem schema, and the problem answers: those a handler
 * declares with {@link ProblemResponse} and those every operation of a kind can give (400 on input, 401 with
 * the key, 413 and 415 on bodies, 409 and 503 on store writes), each with an example that fits the operation.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String PROBLEM = "Problem";
    static final String VIOLATION = "Violation";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";
    static final String KEY = "apiKey";
    /** The tags in the order Swagger UI shows them. */
    static final Map<String, String> TAGS = tags();
    /** What every endpoint answers for the id "a b" (the one rule of {@link Ids}). */
    private static final String ID_MESSAGE = Ids.check("a b");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static {
        // labels (any JSON object) and the JSON-node bound request fields: not the JsonNode class's own getters
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
    }

    private static Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Ratings", "Send, read and delete ratings; forget users and items");
        tags.put("Catalogue", "Items (categories, labels, hidden, availability) and user profiles");
        tags.put("Model and training", "Start training, follow runs, describe the served model");
        tags.put("Serving", "Recommendations, predictions and lists from the served model");
        return tags;
    }

    @Bean
    OpenAPI latentOpenApi() {
        OpenAPI api = new OpenAPI()
                .info(new Info().title("Latent").version("v1")
                        .description("Collaborative-filtering recommender: ratings in, recommendations out. "
                                + "[Dashboard](/): the store, the served model, training runs, live serving and a "
                                + "try-it panel. This document is the API's contract (docs/api.md); errors are RFC 9457 "
                                + "problems (application/problem+json)."))
                .servers(List.of(new Server().url("/").description("this service")))
                .components(new Components()
                        .addSecuritySchemes(KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(ApiKeyFilter.HEADER)
                                .description("Needed, when latent.security.api-key is set, by the operations that "
                                        + "list it: all but the recommendation reads a storefront makes while "
                                        + "latent.security.public-recommendations is true (the default)")));
        TAGS.forEach((name, description) -> api.addTagsItem(new Tag().name(name).description(description)));
        return api;
    }

    /** The errors a handler declares with {@link ProblemResponse}. */
    @Bean
    OperationCustomizer declaredProblems() {
        return (operation, handler) -> {
            for (ProblemResponse p : handler.getMethod().getAnnotationsByType(ProblemResponse.class)) {
                Map<String, Object> example = problem(p.status(), p.detail(), null);
                example.putAll(parse(p.members()));
                operation.getResponses().addApiResponse(Integer.toString(p.status()), problemResponse(p.description(), example));
            }
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer problemResponses(WebProperties.Security security) {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(VIOLATION, violationSchema());
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                    complete(path, method.name(), op, security.publicRecommendations())));
            openApi.setSecurity(null);
            if (openApi.getTags() != null) {
                List<Tag> tags = new ArrayList<>(openApi.getTags());
                tags.removeIf(t -> !TAGS.containsKey(t.getName()));
                tags.sort(Comparator.comparingInt(t -> new ArrayList<>(TAGS.keySet()).indexOf(t.getName())));
                openApi.setTags(tags);
            }
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            schemas.remove("ProblemDetail"); // Spring's class; the answers are described by Problem
            openApi.getComponents().setSchemas(new TreeMap<>(schemas));
        };
    }

    private static void complete(String path, String method, Operation op, boolean publicRecommendations) {
        ApiResponses responses = op.getResponses();
        responses.forEach((code, response) -> {
            if (code.startsWith("2") && response.getContent() != null && response.getContent().containsKey("*/*")) {
                MediaType media = response.getContent().remove("*/*");
                response.getContent().addMediaType(JSON, media);
            }
        });
        String tag = op.getTags() == null || op.getTags().isEmpty() ? "" : op.getTags().get(0);
        boolean body = op.getRequestBody() != null;
        boolean input = body || (op.getParameters() != null && op.getParameters().stream()
                .anyMatch(p -> !"header".equals(p.getIn())));
        if (input) {
            addIfAbsent(responses, "400", "invalid input: errors names each field (and batch index or import line)",
                    badInput(path, op));
        }
        if (ApiKeyFilter.needsKey(method, path, publicRecommendations)) {
            op.setSecurity(List.of(new SecurityRequirement().addList(KEY)));
            addIfAbsent(responses, "401", "missing or wrong X-API-Key (when latent.security.api-key is set)",
                    problem(401, "this request needs the header X-API-Key", path));
        } else {
            op.setSecurity(null);
        }
        if (body) {
            addIfAbsent(responses, "413", "body over latent.limits.max-body-size (or max-import-size for an import)",
                    problem(413, "the body is larger than 4194304 bytes", path));
            addIfAbsent(responses, "415", "unsupported Content-Type, or a Content-Encoding other than gzip",
                    problem(415, "Content-Type 'text/xml' is not supported.", path));
        }
        boolean storeWrite = !method.equals("GET") && (tag.equals("Ratings") || tag.equals("Catalogue"));
        if (storeWrite) {
            addIfAbsent(responses, "409", "the write lost against concurrent writers three times: nothing was stored, "
                    + "send it again", problem(409, "the write conflicted with concurrent writes; nothing was stored, "
                    + "send it again", path));
            addIfAbsent(responses, "503", "the store is busy or cannot take writes (Retry-After): nothing was stored",
                    problem(503, "the store is busy (a long write such as an import holds what this request needs); "
                            + "nothing was stored, retry after 1 s", path));
        }
        responses.forEach((code, response) -> {
            if (Integer.parseInt(code) >= 400) {
                MediaType media = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
                Object example = media == null || media.getExample() == null
                        ? problem(Integer.parseInt(code), response.getDescription(), path) : media.getExample();
                response.setContent(problemContent(example));
            }
        });
        // numbers in order: 2xx, then errors
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        op.setResponses(sorted);
    }

    /** A 400 example that can happen on this operation: a batch index, an import line, or its own first input. */
    private static Map<String, Object> badInput(String path, Operation op) {
        boolean ratings = op.getTags() != null && op.getTags().contains("Ratings");
        Content body = op.getRequestBody() == null ? null : op.getRequestBody().getContent();
        if (body != null && body.keySet().stream().noneMatch(m -> m.contains("json") && !m.contains("ndjson"))) {
            return invalid(path, "1 bad line; nothing was " + (ratings ? "imported" : "stored"), ratings
                    ? error("rating", null, 2L, "must be a number, was 'x'")
                    : error("itemId", null, 2L, "may contain only A-Z a-z 0-9 . _ : @ - (bad character at position 2)"));
        }
        if (body != null && body.values().stream().anyMatch(m -> m.getSchema() != null
                && ("array".equals(m.getSchema().getType()) || (m.getSchema().getTypes() != null
                && m.getSchema().getTypes().contains("array"))))) {
            return invalid(path, "1 problem in the batch; nothing was stored", ratings
                    ? error("rating", 1, null, "must be between 0.5 and 5.0, was 7.0")
                    : error("itemId", 0, null, ID_MESSAGE));
        }
        List<Parameter> parameters = op.getParameters() == null ? List.of() : op.getParameters().stream()
                .filter(p -> !"header".equals(p.getIn())).toList();
        for (Parameter p : parameters) {
            if ("path".equals(p.getIn()) && isString(p.getSchema())) {
                // one id rule and one wording on every endpoint (Ids; bean validation or code alike)
                return invalid(path, InvalidInputException.detail(p.getName()),
                        error(p.getName(), null, null, ID_MESSAGE));
            }
        }
        for (Parameter p : parameters) {
            Schema<?> s = p.getSchema();
            if (isType(s, "integer")) {
                if (s.getMinimum() != null) {
                    long min = s.getMinimum().longValue();
                    return invalid(path, InvalidInputException.detail(p.getName()), error(p.getName(), null, null,
                            "must be greater than or equal to " + min + ", was " + (min - 1)));
                }
                return invalid(path, "invalid parameter " + p.getName(), error(p.getName(), null, null,
                        "must be a " + ("int64".equals(s.getFormat()) ? "long" : "int") + ", was 'abc'"));
            }
            if (isType(s, "boolean")) {
                return invalid(path, "invalid parameter " + p.getName(), error(p.getName(), null, null,
                        "must be a boolean, was 'maybe'"));
            }
        }
        if (!parameters.isEmpty()) {
            return invalid(path, "invalid " + parameters.get(0).getName(), error(parameters.get(0).getName(), null,
                    null, "is invalid"));
        }
        return invalid(path, "the body is not readable", error("body", null, null,
                "malformed or of the wrong type (Unexpected end-of-input)"));
    }

    private static boolean isString(Schema<?> s) {
        return isType(s, "string");
    }

    private static boolean isType(Schema<?> s, String type) {
        return s != null && (type.equals(s.getType()) || (s.getTypes() != null && s.getTypes().contains(type)));
    }

    private static Map<String, Object> invalid(String path, String detail, Map<String, Object> error) {
        Map<String, Object> p = problem(400, detail, path);
        p.put("errors", List.of(error));
        return p;
    }

    private static Map<String, Object> error(String field, Integer index, Long line, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("field", field);
        if (index != null) {
            e.put("index", index);
        }
        if (line != null) {
            e.put("line", line);
        }
        e.put("message", message);
        return e;
    }

    /** A problem as the service writes it (Spring leaves type out: about:blank). */
    static Map<String, Object> problem(int status, String detail, String path) {
        Map<String, Object> p = new LinkedHashMap<>();
        HttpStatus s = HttpStatus.resolve(status);
        p.put("title", status == 400 ? "Invalid request" : s == null ? "Error" : s.getReasonPhrase());
        p.put("status", status);
        p.put("detail", detail);
        if (path != null) {
            p.put("instance", path.replace("{userId}", "42").replace("{itemId}", "50").replace("{runId}", "17"));
        }
        return p;
    }

    private static Map<String, Object> parse(String json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> members = MAPPER.readValue(json, LinkedHashMap.class);
        return members;
    }

    private static void addIfAbsent(ApiResponses responses, String code, String description, Object example) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, problemResponse(description, example));
        }
    }

    private static ApiResponse problemResponse(String description, Object example) {
        return new ApiResponse().description(description).content(problemContent(example));
    }

    private static Content problemContent(Object example) {
        return new Content().addMediaType(PROBLEM_JSON, new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)).example(example));
    }

    @SuppressWarnings("rawtypes")
    private static Schema violationSchema() {
        return new ObjectSchema().description("One thing wrong with a request")
                .addProperty("field", new StringSchema().description("the field, parameter or header: userId, itemId, "
                        + "rating, timestamp, limit, body, ..."))
                .addProperty("index", new IntegerSchema().description("0-based element of a batch (or of ratings/items "
                        + "in a request)"))
                .addProperty("line", new IntegerSchema().format("int64").description("1-based line of an import"))
                .addProperty("message", new StringSchema().description("what is wrong"));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details, as every error is answered "
                        + "(application/problem+json)")
                .addProperty("type", new StringSchema().description("absent: about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("1 problem in the batch; nothing was stored"))
                .addProperty("instance", new StringSchema().example("/api/v1/ratings/batch"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + VIOLATION))
                        .description("validation errors (400, and 413 of an import line)"))
                .addProperty("errorCount", new IntegerSchema().format("int64")
                        .description("all bad lines of an import, when more than errors lists"))
                .addProperty("runId", new IntegerSchema().format("int64")
                        .description("409 of training: the run in progress"))
                .addProperty("engine", new StringSchema().description("409 of training: external (the Spark job trains)"))
                .addProperty("leaseHolder", new StringSchema()
                        .description("409 of training: the instance that trains now"));
    }
}
