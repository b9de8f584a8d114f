package dev.latent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document is the contract (docs/api.md): every operation documents its real success with a schema,
 * its real errors as problems with examples that can happen on it, numbers as numbers, a descriptive unique
 * operationId, one tag, and the API key only where {@link ApiKeyFilter} asks for it. Some statuses are then
 * provoked on the live server and must be among the documented ones. Finally the document equals the one
 * committed as docs/openapi.json, from which CI generates a client (client/).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("docs/openapi.json");
    static final Path WRITTEN = Path.of("target/openapi.json");
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    /** What a storefront calls without the key while latent.security.public-recommendations is true (the default). */
    static final Set<String> OPEN = Set.of("recommendForUser", "predictRating", "predictRatings", "recommendAnonymous",
            "similarItems", "popularItems", "latestItems", "listItems", "getItem");

    @DynamicPropertySource
    static void h2InTempDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("latent-openapi-");
        registry.add("latent.data-dir", dir::toString);
        registry.add("latent.training.scheduled", () -> "false");
    }

    @LocalServerPort
    int port;

    JsonNode doc;
    /** operationId to [method, path, operation]. */
    final Map<String, Object[]> byId = new LinkedHashMap<>();
    final List<String> failures = new ArrayList<>();

    JsonNode doc() {
        if (doc == null) {
            TestHttp.Response r = new TestHttp(port).get("/v3/api-docs");
            assertThat(r.status()).isEqualTo(200);
            doc = r.json();
        }
        return doc;
    }

    /** Every operation: method, path, node. */
    List<Object[]> operations() {
        List<Object[]> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc().get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey())) {
                    ops.add(new Object[] {op.getKey(), path.getKey(), op.getValue()});
                }
            }
        }
        return ops;
    }

    void fail(Object[] op, String what) {
        JsonNode node = (JsonNode) op[2];
        failures.add(op[0].toString().toUpperCase() + " " + op[1] + " (" + (node.has("operationId")
                ? node.get("operationId").asString() : "no operationId") + "): " + what);
    }

    void assertNoFailures() {
        assertThat(failures).as("problems of the OpenAPI document").isEmpty();
    }

    @Test
    void everyOperationHasItsSuccessWithAJsonSchema() {
        for (Object[] op : operations()) {
            JsonNode responses = ((JsonNode) op[2]).get("responses");
            boolean success = false;
            for (Map.Entry<String, JsonNode> r : responses.properties()) {
                if (!r.getKey().startsWith("2")) {
                    continue;
                }
                success = true;
                JsonNode content = r.getValue().get("content");
                if (r.getKey().equals("204")) {
                    if (content != null && !content.isEmpty()) {
                        fail(op, "204 with a body");
                    }
                    continue;
                }
                if (content == null || !content.has("application/json")) {
                    fail(op, r.getKey() + " without application/json");
                } else if (!content.get("application/json").has("schema")) {
                    fail(op, r.getKey() + " without a schema");
                }
                if (content != null && content.size() != 1) {
                    fail(op, r.getKey() + " in media types other than application/json: " + content.propertyNames());
                }
            }
            if (!success) {
                fail(op, "no 2xx response");
            }
        }
        assertNoFailures();
    }

    @Test
    void operationIdsAreUniqueAndDescriptiveAndEveryOperationHasOneDeclaredTag() {
        Set<String> seen = new HashSet<>();
        Set<String> declared = new TreeSet<>();
        doc().get("tags").forEach(t -> declared.add(t.get("name").asString()));
        Set<String> used = new TreeSet<>();
        for (Object[] op : operations()) {
            JsonNode node = (JsonNode) op[2];
            String id = node.has("operationId") ? node.get("operationId").asString() : null;
            if (id == null || !id.matches("[a-z]+([A-Z][a-z0-9]*)+")) {
                fail(op, "operationId should be camelCase of two words or more, like getModel");
            } else if (!seen.add(id)) {
                fail(op, "operationId used twice");
            }
            JsonNode tags = node.get("tags");
            if (tags == null || tags.size() != 1) {
                fail(op, "should have exactly one tag, has " + tags);
            } else {
                String tag = tags.get(0).asString();
                used.add(tag);
                if (!declared.contains(tag)) {
                    fail(op, "tag " + tag + " is not declared");
                }
                if (!Character.isUpperCase(tag.charAt(0))) {
                    fail(op, "tag " + tag + " should be capitalised like the others");
                }
            }
        }
        assertThat(used).as("declared tags in use").isEqualTo(declared);
        assertNoFailures();
    }

    @Test
    void errorResponsesAreProblemsWithExamplesThatCanHappenOnTheOperation() {
        for (Object[] op : operations()) {
            JsonNode node = (JsonNode) op[2];
            for (Map.Entry<String, JsonNode> r : node.get("responses").properties()) {
                int code = Integer.parseInt(r.getKey());
                JsonNode content = r.getValue().get("content");
                if (code < 400) {
                    if (content != null && content.has("application/problem+json")) {
                        fail(op, code + " documented as a problem");
                    }
                    continue;
                }
                if (content == null || content.size() != 1 || !content.has("application/problem+json")) {
                    fail(op, code + " should be application/problem+json only, is " + (content == null ? "nothing"
                            : content.propertyNames()));
                    continue;
                }
                JsonNode media = content.get("application/problem+json");
                JsonNode schema = media.get("schema");
                if (schema == null || !"#/components/schemas/Problem".equals(schema.path("$ref").asString(""))) {
                    fail(op, code + " should reference the Problem schema");
                }
                JsonNode example = media.get("example");
                if (example == null) {
                    fail(op, code + " without an example");
                    continue;
                }
                if (example.path("status").asInt() != code) {
                    fail(op, code + " has an example of status " + example.path("status"));
                }
                for (JsonNode error : example.path("errors")) {
                    checkExampleError(op, code, error);
                }
            }
        }
        assertNoFailures();
    }

    /** A violation of an example names something the operation has, and a batch index or line only where those exist. */
    void checkExampleError(Object[] op, int code, JsonNode error) {
        JsonNode node = (JsonNode) op[2];
        Set<String> names = new HashSet<>(Set.of("body"));
        node.path("parameters").forEach(p -> names.add(p.get("name").asString()));
        boolean arrays = false;
        boolean text = false;
        JsonNode body = node.path("requestBody").path("content");
        for (Map.Entry<String, JsonNode> media : body.properties()) {
            if (!media.getKey().equals("application/json") && !media.getKey().endsWith("+json")) { // CSV, NDJSON
                text = true;
                continue;
            }
            JsonNode schema = resolve(media.getValue().path("schema"));
            if ("array".equals(type(schema))) {
                arrays = true;
                schema = resolve(schema.path("items"));
            }
            for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                names.add(p.getKey());
                JsonNode ps = resolve(p.getValue());
                if ("array".equals(type(ps))) {
                    arrays = true;
                    resolve(ps.path("items")).path("properties").propertyNames().forEach(names::add);
                }
            }
        }
        if (text) {
            names.add("line");
            names.addAll(List.of("user", "item", "rating", "timestamp", "itemId", "categories", "labels", "hidden"));
        }
        String field = error.path("field").asString("");
        if (!names.contains(field)) {
            fail(op, code + " example names field '" + field + "', which the operation does not have (" + names + ")");
        }
        if (error.has("index") && !arrays) {
            fail(op, code + " example names a batch index, but the operation takes no list");
        }
        if (error.has("line") && !text) {
            fail(op, code + " example names a line, but the operation takes no lines");
        }
        if (op[0].equals("get") && (error.has("index") || error.has("line"))) {
            fail(op, code + " example of a batch error on a GET");
        }
    }

    @Test
    void numbersAreNumbers() {
        walk(doc(), "$");
        JsonNode schemas = doc().get("components").get("schemas");
        for (String name : List.of("RatingValue", "RatingEvent", "StoredRating")) {
            assertThat(type(schemas.path(name).path("properties").path("rating"))).as(name + ".rating").isEqualTo("number");
        }
        assertNoFailures();
    }

    void walk(JsonNode node, String where) {
        if (node.isObject()) {
            String format = node.path("format").asString("");
            if (Set.of("float", "double", "int32", "int64").contains(format) && node.has("type")
                    && !Set.of("number", "integer").contains(type(node))) {
                failures.add(where + ": format " + format + " on type " + node.get("type"));
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), where + "." + e.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "[" + i + "]");
            }
        }
    }

    @Test
    void theApiKeyIsMarkedWhereTheFilterAsksForIt() {
        assertThat(doc().has("security")).as("a document-wide security requirement").isFalse();
        for (Object[] op : operations()) {
            JsonNode node = (JsonNode) op[2];
            String id = node.path("operationId").asString("");
            boolean secured = node.has("security") && node.get("security").toString().contains("apiKey");
            if (secured == OPEN.contains(id)) {
                fail(op, secured ? "marked as needing the API key, but ApiKeyFilter lets it through"
                        : "needs the API key, but is not marked");
            }
            if (secured != node.get("responses").has("401")) {
                fail(op, secured ? "needs the key but documents no 401" : "documents a 401 it cannot answer");
            }
        }
        assertNoFailures();
    }

    @Test
    void everyReferencedSchemaExistsAndNoGenericErrorPathIsDocumented() {
        String text = doc().toString();
        JsonNode schemas = doc().get("components").get("schemas");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("#/components/schemas/([A-Za-z0-9_.-]+)").matcher(text);
        while (m.find()) {
            if (!schemas.has(m.group(1))) {
                failures.add("reference to a missing schema " + m.group(1));
            }
        }
        assertThat(doc().get("paths").has("/error")).as("the servlet error page is not an API").isFalse();
        assertNoFailures();
    }

    /** The statuses the live server gives are among those documented for the operation, and fit what the issue lists. */
    @Test
    void theServerAnswersOnlyWhatTheDocumentSays() {
        TestHttp http = new TestHttp(port);
        check("getModel", http.get("/api/v1/model"), 404);
        check("predictRating", http.get("/api/v1/users/nobody/predictions/nothing"), 404);
        check("similarItems", http.get("/api/v1/items/nothing/similar"), 404);
        check("getRun", http.get("/api/v1/model/training/987654"), 404);
        check("recommendForUser", http.get("/api/v1/users/someone-unknown/recommendations"), 200);
        check("recommendForUser", http.get("/api/v1/users/someone-unknown/recommendations?limit=0"), 400);
        check("popularItems", http.get("/api/v1/items/popular?limit=1001"), 400);
        check("postRatingBatch", http.json("POST", "/api/v1/ratings/batch",
                "[{\"userId\":\"a\",\"itemId\":\"i\",\"rating\":4},{\"userId\":\"a\",\"itemId\":\"j\",\"rating\":\"4.5\"}]"), 400);
        check("putRating", http.json("PUT", "/api/v1/users/a/ratings/i", "{\"rating\": 4.5}"), 201);
        check("listRuns", http.get("/api/v1/model/runs?size=500"), 400);
        check("importRatings", http.csv(""), 400);
        JsonNode start = byId.get("startTraining") == null ? null : (JsonNode) byId.get("startTraining")[2];
        assertThat(start).as("startTraining").isNotNull();
        assertThat(start.path("responses").path("202").path("content").path("application/json").path("schema")
                .path("$ref").asString("")).isEqualTo("#/components/schemas/RunView");
        assertThat(start.path("responses").has("409")).isTrue();
        assertThat(((JsonNode) byId.get("recommendForUser")[2]).path("responses").has("404"))
                .as("an unknown user gets the popular list, not 404").isFalse();
        assertNoFailures();
    }

    void check(String operationId, TestHttp.Response r, int expected) {
        if (byId.isEmpty()) {
            operations().forEach(op -> byId.put(((JsonNode) op[2]).path("operationId").asString(""), op));
        }
        Object[] op = byId.get(operationId);
        assertThat(op).as("operation " + operationId).isNotNull();
        assertThat(r.status()).as(operationId + ": " + r).isEqualTo(expected);
        JsonNode responses = ((JsonNode) op[2]).get("responses");
        if (!responses.has(Integer.toString(r.status()))) {
            fail(op, "answered " + r.status() + ", which is not documented");
        }
        if (r.status() >= 400) {
            assertThat(r.isProblem()).as(operationId + " answers a problem").isTrue();
            Set<String> members = new HashSet<>(resolve(doc().get("components").get("schemas").get("Problem"))
                    .path("properties").propertyNames());
            for (String member : r.json().propertyNames()) {
                if (!members.contains(member)) {
                    fail(op, "answered a problem member '" + member + "' the Problem schema does not have");
                }
            }
        }
    }

    /**
     * The document as served equals docs/openapi.json, from which client/ generates its client. When the contract
     * changes on purpose: review the difference and copy target/openapi.json over docs/openapi.json.
     */
    @Test
    void theCommittedDocumentIsTheLiveDocument() throws IOException {
        JsonMapper sorted = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
        Object tree = sorted.readValue(doc().toString(), Object.class);
        String live = sorted.writeValueAsString(tree) + "\n";
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, live, StandardCharsets.UTF_8);
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        if (!committed.equals(live)) {
            String[] was = committed.split("\n", -1);
            String[] is = live.split("\n", -1);
            int line = 0;
            while (line < was.length && line < is.length && was[line].equals(is[line])) {
                line++;
            }
            assertThat(committed).as("docs/openapi.json differs from the live document from line " + (line + 1)
                    + " (committed: " + (line < was.length ? was[line].strip() : "end") + ", live: "
                    + (line < is.length ? is[line].strip() : "end") + "); if the change is meant, review it and "
                    + "cp target/openapi.json docs/openapi.json").isEqualTo(live);
        }
    }

    JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return doc().get("components").get("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    /** The type of a schema; of a 3.1 type list, the first that is not "null". */
    static String type(JsonNode schema) {
        JsonNode t = schema.path("type");
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (!"null".equals(x.asString())) {
                    return x.asString();
                }
            }
            return "null";
        }
        return t.asString("");
    }
}
