package dev.latent.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps docs/configuration.md in step with the configuration metadata that spring-boot-configuration-processor
 * writes at compile time from the {@code @ConfigurationProperties} records (plus
 * additional-spring-configuration-metadata.json for the settings read with {@code @Value}): every
 * {@code latent.*} setting has a row, every row names a real setting, and a row's default is the bound default;
 * the Spring settings listed there exist in the libraries' own metadata.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("docs/configuration.md");
    /** A table row whose first cell is a backticked property name: name, then the remaining cells. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9.-]+)`\\s*\\|(.*)\\|\\s*$");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    @Test
    void everyLatentSettingIsDocumentedWithItsDefault() throws IOException {
        Map<String, JsonNode> settings = latentSettings();
        Map<String, List<String>> rows = documentedRows();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : settings.entrySet()) {
            List<String> cells = rows.get(e.getKey());
            if (cells == null) {
                problems.add("missing row, add to " + DOC + ": " + suggestedRow(e.getKey(), e.getValue()));
                continue;
            }
            JsonNode fallback = e.getValue().get("defaultValue");
            String documented = cells.size() > 1 ? cells.get(1) : "";
            if (fallback != null && !fallback.isNull() && !sameDefault(fallback, documented)) {
                problems.add(e.getKey() + ": documented default '" + documented + "', bound default '"
                        + fallback + "'");
            }
        }
        for (String name : rows.keySet()) {
            if (name.startsWith("latent.") && !settings.containsKey(name)) {
                problems.add(name + " is documented but is no setting (renamed or removed?)");
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void everyOtherDocumentedSettingIsOneSpringKnows() throws IOException {
        Set<String> known = new HashSet<>();
        Enumeration<URL> files = getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                for (JsonNode p : JsonMapper.builder().build().readTree(in).path("properties")) {
                    known.add(p.get("name").asString());
                }
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String name : documentedRows().keySet()) {
            // a map-valued setting (management.endpoint.health.group) takes its key after its own name
            boolean found = known.contains(name) || known.stream().anyMatch(k -> name.startsWith(k + "."));
            if (!name.startsWith("latent.") && !found) {
                unknown.add(name);
            }
        }
        assertTrue(known.size() > 500, "the libraries' configuration metadata was not found");
        assertTrue(unknown.isEmpty(), () -> "documented in " + DOC + " but unknown to Spring: " + unknown);
    }

    @Test
    void theMetadataIsGeneratedFromTheRecordsWithTheirDescriptions() throws IOException {
        Map<String, JsonNode> settings = latentSettings();
        JsonNode scheduled = settings.get("latent.training.scheduled");
        assertNotNull(scheduled, "latent.training.scheduled comes from TrainingProperties");
        assertEquals("dev.latent.training.TrainingProperties", scheduled.get("sourceType").asString());
        assertTrue(scheduled.get("defaultValue").asBoolean());
        for (Map.Entry<String, JsonNode> e : settings.entrySet()) {
            JsonNode description = e.getValue().get("description");
            assertFalse(description == null || description.asString().isBlank(),
                    () -> e.getKey() + " has no description: give its record component a @param in the Javadoc");
        }
    }

    @Test
    void aRowIsRecognisedWithItsDefaultCell() {
        Matcher m = ROW.matcher("| `latent.ratings.max` | `LATENT_RATINGS_MAX` | `5.0` | highest rating |");
        assertTrue(m.matches());
        assertEquals("latent.ratings.max", m.group(1));
        List<String> cells = cells(m.group(2));
        assertEquals("`5.0`", cells.get(1));
        JsonNode five = JsonMapper.builder().build().readTree("5");
        assertTrue(sameDefault(five, "`5.0`"));
        assertFalse(sameDefault(five, "`4.0`"));
        assertTrue(sameDefault(JsonMapper.builder().build().readTree("\"\""), "empty (off)"));
        assertTrue(sameDefault(JsonMapper.builder().build().readTree("\"[]\""), "empty"));
        assertFalse(sameDefault(JsonMapper.builder().build().readTree("\"10m\""), "`1m`"));
    }

    /** Every {@code latent.*} property of the generated metadata, by name. */
    private static Map<String, JsonNode> latentSettings() throws IOException {
        try (InputStream in = ConfigurationDocTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "no META-INF/spring-configuration-metadata.json: is spring-boot-configuration-processor "
                    + "in the compiler's annotationProcessorPaths?");
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (JsonNode p : JsonMapper.builder().build().readTree(in).get("properties")) {
                String name = p.get("name").asString();
                if (name.startsWith("latent.")) {
                    out.put(name, p);
                }
            }
            assertFalse(out.isEmpty(), "the metadata lists no latent.* setting");
            return out;
        }
    }

    /** Rows of every table of the page: property name to the cells after it. */
    private static Map<String, List<String>> documentedRows() throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), cells(m.group(2)));
            }
        }
        return rows;
    }

    private static List<String> cells(String rest) {
        List<String> out = new ArrayList<>();
        for (String cell : rest.split("\\|", -1)) {
            out.add(cell.trim());
        }
        return out;
    }

    /**
     * The documented default cell matches the bound one: "empty" for an empty string or list, otherwise the
     * first code span of the cell (or the cell) equals it, numerically for numbers.
     */
    private static boolean sameDefault(JsonNode bound, String cell) {
        if ((bound.isString() && (bound.asString().isEmpty() || bound.asString().equals("[]")))
                || (bound.isArray() && bound.isEmpty())) {
            return cell.startsWith("empty");
        }
        Matcher code = CODE.matcher(cell);
        String documented = code.find() ? code.group(1) : cell;
        if (bound.isNumber()) {
            try {
                return Double.parseDouble(documented) == bound.asDouble();
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return documented.equals(bound.asString());
    }

    private static String suggestedRow(String name, JsonNode p) {
        JsonNode fallback = p.get("defaultValue");
        String env = name.toUpperCase().replace(".", "_").replace("-", "");
        String value = fallback == null || fallback.isNull() ? "unset" : "`" + fallback.asString() + "`";
        JsonNode description = p.get("description");
        return "| `" + name + "` | `" + env + "` | " + value + " | "
                + (description == null ? "" : description.asString()) + " |";
    }
}
