package dev.latent.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.ratings.RatingRules;
import dev.latent.ratings.RatingsProperties;
import dev.latent.web.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The streaming fast path of an import line ({@link ItemDocuments#readFast}) against the tree path it stands in
 * for ({@link ItemDocuments#read}): on every line it either leaves the line to the tree path (null) or gives
 * exactly the entry the tree path gives; it never accepts a line the tree path refuses; and it takes the common
 * lines itself.
 */
class ItemDocumentsFastPathTest {

    private final ItemDocuments documents = new ItemDocuments(
            new RatingRules(new RatingsProperties(0.5, 5, 10, 10, 10, 10, 64, DataSize.ofBytes(0))),
            new CatalogProperties(10_000, 4, 200, 1000, 100, 65_536, 100));

    /** The tree path's entry, or null when it refuses the line. */
    private ItemDocument slow(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = documents.json().readTree(bytes, 0, bytes.length);
        } catch (JacksonException e) {
            return null;
        }
        List<Violation> errors = new ArrayList<>();
        ItemDocument d = documents.read(node, null, null, 1L, errors);
        assertThat(d == null).as("an entry or errors: " + line).isEqualTo(!errors.isEmpty());
        return d;
    }

    private ItemDocument fast(String line) {
        byte[] padded = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        byte[] copy = new byte[padded.length - 4]; // the line at an offset of a larger buffer, as NdjsonLines hands it
        System.arraycopy(padded, 2, copy, 0, copy.length);
        return documents.readFast(copy, copy.length);
    }

    private void same(String line) {
        ItemDocument slow = slow(line);
        ItemDocument fast = fast(line);
        if (fast != null) {
            assertThat(fast).as(line).isEqualTo(slow);
        }
    }

    @Test
    void takesTheCommonLinesAndGivesTheTreePathsEntry() {
        String[] taken = {
            "{\"itemId\": \"item0\", \"categories\": [\"c9\", \"c25\", \"c3\"], \"labels\": {\"title\": \"Item number 0\", \"price\": 7.24}}",
            "{\"itemId\":\"a\"}",
            "  {\"itemId\":\"a\",\"hidden\":true,\"categories\":null,\"labels\":null}  ",
            "{\"categories\":[\"x\",\"y\",\"x\"],\"itemId\":\"b\",\"hidden\":false}",
            "{\"itemId\":\"c\",\"availableFrom\":\"2030-01-01T00:00:00Z\",\"availableUntil\":1924992000}",
            "{\"itemId\":\"c\",\"availableFrom\":null,\"availableUntil\":\"1924992000\"}",
            "{\"itemId\":\"d\",\"labels\":{\"n\":{\"m\":[1,2.5,-0.0,1e3,\"s\",true,false,null,{}],\"big\":9007199254740993},\"e\":[]}}",
            "{\"itemId\":\"e\",\"labels\":{\"t\":\"caf\u00e9 \\u00e9 \\\"q\\\" \\n \\u0001 \\ud83d\\ude00 </\"}}",
            "{\"itemId\":\"f\",\"labels\":{\"x\":1.0000000000000002,\"y\":123456789012345678,\"z\":0.1E-5}}",
        };
        for (String line : taken) {
            assertThat(fast(line)).as(line).isNotNull().isEqualTo(slow(line));
        }
    }

    @Test
    void leavesEveryOtherLineToTheTreePath() {
        String[] left = {
            "", "[]", "null", "1", "\"a\"", "{", "{\"itemId\":\"a\"", "{\"itemId\":\"a\"} x", "{\"itemId\":\"a\"}{}",
            "{}", "{\"itemId\":null}", "{\"itemId\":1}", "{\"itemId\":\"a b\"}", "{\"itemId\":\"\"}",
            "{\"itemId\":\"a\",\"itemId\":\"b\"}", "{\"itemId\":\"a\",\"hiden\":true}", "{\"itemId\":\"a\",\"hidden\":1}",
            "{\"itemId\":\"a\",\"hidden\":\"true\"}", "{\"itemId\":\"a\",\"categories\":\"x\"}",
            "{\"itemId\":\"a\",\"categories\":[1]}", "{\"itemId\":\"a\",\"categories\":[\"a b\"]}",
            "{\"itemId\":\"a\",\"categories\":[[\"x\"]]}", "{\"itemId\":\"a\",\"categories\":[\"1\",\"2\",\"3\",\"4\",\"5\"]}",
            "{\"itemId\":\"a\",\"categories\":[\"1\",\"2\",\"3\",\"1\",\"2\"]}",
            "{\"itemId\":\"a\",\"categories\":[null]}", "{\"itemId\":\"a\",\"labels\":[]}", "{\"itemId\":\"a\",\"labels\":\"x\"}",
            "{\"itemId\":\"a\",\"labels\":{\"t\":\"" + "x".repeat(200) + "\"}}", "{\"itemId\":\"a\",\"labels\":{\"k\":1,\"k\":2}}",
            "{\"itemId\":\"a\",\"labels\":{\"k\":{\"j\":1,\"j\":2}}}", "{\"itemId\":\"a\",\"labels\":{\"k\":1e400}}",
            "{\"itemId\":\"a\",\"labels\":{\"k\":123456789012345678901234567890}}", "{\"itemId\":\"a\",\"labels\":{\"k\":NaN}}",
            "{\"itemId\":\"a\",\"availableFrom\":-1}", "{\"itemId\":\"a\",\"availableFrom\":1.5}",
            "{\"itemId\":\"a\",\"availableFrom\":\"yesterday\"}", "{\"itemId\":\"a\",\"availableFrom\":true}",
            "{\"itemId\":\"a\",\"availableFrom\":99999999999999999999}",
            "{\"itemId\":\"a\",\"availableFrom\":2000000000,\"availableUntil\":1000000000}",
            "{\"itemId\":\"a\",\"availableFrom\":1000000000,\"availableUntil\":1000000000}",
            "{\"itemId\":\"a\",\"labels\":{\"k\":\"\\ud800\"}}", "{'itemId':'a'}", "{\"itemId\":\"a\",}",
        };
        for (String line : left) {
            same(line);
            if (slow(line) == null) {
                assertThat(fast(line)).as("refused by the tree path: " + line).isNull();
            }
        }
    }

    @Test
    void agreesWithTheTreePathOnRandomLines() {
        Random random = new Random(42);
        String[] parts = {"{", "}", "[", "]", ",", ":", "\"itemId\"", "\"categories\"", "\"labels\"", "\"hidden\"",
            "\"availableFrom\"", "\"availableUntil\"", "\"a\"", "\"b\"", "\"x y\"", "1", "-2", "3.5", "1e2", "true",
            "false", "null", "\"2030-01-01T00:00:00Z\"", " ", "\"\\u00e9\""};
        int taken = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder("{\"itemId\":\"i" + n + "\"");
            int k = random.nextInt(12);
            for (int j = 0; j < k; j++) {
                line.append(parts[random.nextInt(parts.length)]);
            }
            if (random.nextBoolean()) {
                line.append('}');
            }
            same(line.toString());
            taken += fast(line.toString()) != null ? 1 : 0;
        }
        assertThat(taken).as("some random lines are entries").isGreaterThan(0);
    }
}
