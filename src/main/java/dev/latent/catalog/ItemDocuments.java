package dev.latent.catalog;

import dev.latent.ratings.RatingRules;
import dev.latent.web.Violation;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules of a catalogue entry, shared by PUT, PATCH, batch and import: every problem is reported with
 * its field and the batch index or import line, and unknown fields are refused (a misspelt
 * {@code "hiden": true} must not silently leave an item on show). Also the JSON form of a stored entry and
 * the merge patch of RFC 7396 over it.
 */
@Component
public class ItemDocuments {

    static final Set<String> FIELDS = Set.of("itemId", "categories", "labels", "hidden", "availableFrom", "availableUntil");

    private final RatingRules rules;
    private final CatalogProperties limits;
    private final JsonMapper json = JsonMapper.builder().build();
    /**
     * The fast path's parsers: as {@link #json}'s, but a repeated name fails (the tree keeps the last value).
     * Created from the factory with no mapper context: per line, {@code ObjectMapper.createParser} costs more
     * than the parsing.
     */
    private final JsonFactory strict = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    ItemDocuments(RatingRules rules, CatalogProperties limits) {
        this.rules = rules;
        this.limits = limits;
    }

    JsonMapper json() {
        return json;
    }

    /**
     * Validates one entry. {@code pathId} is the id from the URL (the body's {@code itemId} may then be left
     * out, and must match when given); without it the body must name the item.
     *
     * @return the entry, or null when something was wrong (then added to {@code errors})
     */
    ItemDocument read(JsonNode node, String pathId, Integer index, Long line, List<Violation> errors) {
        int before = errors.size();
        if (node == null || !node.isObject()) {
            errors.add(new Violation(null, index, line, "must be a JSON object with the item's categories, labels, "
                    + "hidden, availableFrom, availableUntil"));
            return null;
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(new Violation(name, index, line, "is not a field of an item (known: categories, labels, "
                        + "hidden, availableFrom, availableUntil" + (pathId == null ? ", itemId" : "") + ")"));
            }
        }
        String itemId = pathId;
        JsonNode id = node.get("itemId");
        if (id != null && !id.isNull()) {
            if (!id.isString()) {
                errors.add(new Violation("itemId", index, line, "must be a string"));
            } else if (pathId != null && !pathId.equals(id.stringValue())) {
                errors.add(new Violation("itemId", index, line, "must match the item id of the path ('" + pathId
                        + "') or be left out"));
            } else {
                itemId = id.stringValue();
            }
        } else if (pathId == null) {
            errors.add(new Violation("itemId", index, line, "is required"));
        }
        if (itemId != null && errors.size() == before) {
            check(errors, index, line, "itemId", rules.checkId(itemId));
        }
        List<String> categories = categories(node.get("categories"), index, line, errors);
        String labels = labels(node.get("labels"), "labels", index, line, errors);
        boolean hidden = false;
        JsonNode h = node.get("hidden");
        if (h != null && !h.isNull()) {
            if (h.isBoolean()) {
                hidden = h.booleanValue();
            } else {
                errors.add(new Violation("hidden", index, line, "must be true or false"));
            }
        }
        Long from = time(node.get("availableFrom"), "availableFrom", index, line, errors);
        Long until = time(node.get("availableUntil"), "availableUntil", index, line, errors);
        if (from != null && until != null && from >= until) {
            errors.add(new Violation("availableUntil", index, line, "must be after availableFrom"));
        }
        return errors.size() == before ? new ItemDocument(itemId, categories, labels, hidden, from, until) : null;
    }

    /**
     * The fast path of an import line: one pass of the streaming parser over a line that is a valid entry, with
     * no tree and the labels written straight from the parser's tokens. Returns null for anything else (not
     * JSON, a wrong type, an unknown or repeated field, an id or category the rules refuse, labels too large,
     * numbers it does not copy): the caller then reads the line with {@link #read}, which reports the exact
     * errors, or accepts the entry. So it never accepts what {@link #read} refuses, and gives the same entry
     * (labels as the compact JSON of the tree, written by the same generator from the same events).
     */
    ItemDocument readFast(byte[] bytes, int length) {
        try (JsonParser p = strict.createParser(ObjectReadContext.empty(), bytes, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String itemId = null;
            List<String> categories = List.of();
            String labels = null;
            boolean hidden = false;
            long from = NONE;
            long until = NONE;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "itemId" -> {
                        if (t != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        itemId = p.getString();
                    }
                    case "categories" -> {
                        if (t == JsonToken.START_ARRAY) {
                            categories = categoriesFast(p);
                            if (categories == null) {
                                return null;
                            }
                        } else if (t == JsonToken.VALUE_NULL) {
                            categories = List.of();
                        } else {
                            return null;
                        }
                    }
                    case "labels" -> {
                        if (t == JsonToken.START_OBJECT) {
                            labels = labelsFast(p);
                            if (labels == null) {
                                return null;
                            }
                        } else if (t == JsonToken.VALUE_NULL) {
                            labels = null;
                        } else {
                            return null;
                        }
                    }
                    case "hidden" -> {
                        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                            hidden = t == JsonToken.VALUE_TRUE;
                        } else if (t == JsonToken.VALUE_NULL) {
                            hidden = false;
                        } else {
                            return null;
                        }
                    }
                    case "availableFrom" -> {
                        from = timeFast(p, t);
                        if (from == BAD) {
                            return null;
                        }
                    }
                    case "availableUntil" -> {
                        until = timeFast(p, t);
                        if (until == BAD) {
                            return null;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (p.nextToken() != null || itemId == null || rules.checkId(itemId) != null
                    || (from != NONE && until != NONE && from >= until)) {
                return null;
            }
            return new ItemDocument(itemId, categories, labels, hidden, from == NONE ? null : from,
                    until == NONE ? null : until);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** {@link #readFast}'s markers of a time: none given, or one {@link #read} refuses (never valid millis). */
    private static final long NONE = Long.MIN_VALUE;
    private static final long BAD = Long.MIN_VALUE + 1;

    private List<String> categoriesFast(JsonParser p) {
        List<String> out = new ArrayList<>(4);
        int given = 0; // the limit counts the entries as sent, repeats too, as the tree path does
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING || ++given > limits.maxCategories()) {
                return null;
            }
            String c = p.getString();
            if (rules.checkId(c) != null) {
                return null;
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /** The labels object the parser is at, as {@link #labels} writes it, or null (the slow path decides). */
    private String labelsFast(JsonParser p) {
        StringWriter text = new StringWriter(64);
        try (JsonGenerator g = json.tokenStreamFactory().createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            int depth = 1;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                switch (t) {
                    case START_OBJECT -> {
                        g.writeStartObject();
                        depth++;
                    }
                    case START_ARRAY -> {
                        g.writeStartArray();
                        depth++;
                    }
                    case END_OBJECT -> {
                        g.writeEndObject();
                        depth--;
                    }
                    case END_ARRAY -> {
                        g.writeEndArray();
                        depth--;
                    }
                    case PROPERTY_NAME -> g.writeName(p.currentName());
                    case VALUE_STRING -> g.writeString(p.getString());
                    case VALUE_TRUE -> g.writeBoolean(true);
                    case VALUE_FALSE -> g.writeBoolean(false);
                    case VALUE_NULL -> g.writeNull();
                    case VALUE_NUMBER_INT -> {
                        JsonParser.NumberType type = p.getNumberType();
                        if (type == JsonParser.NumberType.INT) {
                            g.writeNumber(p.getIntValue());
                        } else if (type == JsonParser.NumberType.LONG) {
                            g.writeNumber(p.getLongValue());
                        } else {
                            return null;
                        }
                    }
                    case VALUE_NUMBER_FLOAT -> {
                        double v = p.getDoubleValue();
                        if (!Double.isFinite(v)) {
                            return null;
                        }
                        g.writeNumber(v);
                    }
                    default -> {
                        return null;
                    }
                }
            }
        }
        String out = text.toString();
        return out.getBytes(StandardCharsets.UTF_8).length > limits.maxLabelsBytes() ? null : out;
    }

    private static long timeFast(JsonParser p, JsonToken t) {
        long millis;
        if (t == JsonToken.VALUE_NULL) {
            return NONE;
        } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            millis = RatingRules.epochSecondsToMillis(p.getLongValue());
        } else if (t == JsonToken.VALUE_STRING) {
            millis = RatingRules.parseTimestamp(p.getString());
        } else {
            return BAD;
        }
        return millis < 0 ? BAD : millis;
    }

    private List<String> categories(JsonNode node, Integer index, Long line, List<Violation> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new Violation("categories", index, line, "must be an array of category ids"));
            return List.of();
        }
        if (node.size() > limits.maxCategories()) {
            errors.add(new Violation("categories", index, line, "may hold at most " + limits.maxCategories()
                    + " categories, had " + node.size()));
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int k = 0; k < node.size(); k++) {
            JsonNode c = node.get(k);
            if (!c.isString()) {
                errors.add(new Violation("categories[" + k + "]", index, line, "must be a string"));
                continue;
            }
            String message = rules.checkId(c.stringValue());
            if (message != null) {
                errors.add(new Violation("categories[" + k + "]", index, line, message));
            } else {
                out.add(c.stringValue());
            }
        }
        return List.copyOf(out);
    }

    /** A labels object as compact JSON, null for none; shared with user profiles. */
    String labels(JsonNode node, String field, Integer index, Long line, List<Violation> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new Violation(field, index, line, "must be a JSON object"));
            return null;
        }
        String text = json.writeValueAsString(node);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxLabelsBytes()) {
            errors.add(new Violation(field, index, line, "must be at most " + limits.maxLabelsBytes()
                    + " bytes of JSON, was " + bytes));
            return null;
        }
        return text;
    }

    private static Long time(JsonNode node, String field, Integer index, Long line, List<Violation> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        long millis = RatingRules.timestampMillis(node);
        if (millis < 0) {
            errors.add(new Violation(field, index, line, RatingRules.TIMESTAMP_MESSAGE));
            return null;
        }
        return millis;
    }

    private static void check(List<Violation> errors, Integer index, Long line, String field, String message) {
        if (message != null) {
            errors.add(new Violation(field, index, line, message));
        }
    }

    /** The stored entry as the JSON object a client would PUT (the target of a merge patch). */
    ObjectNode toJson(ItemDocument d) {
        ObjectNode o = json.createObjectNode();
        ArrayNode cats = o.putArray("categories");
        d.categories().forEach(cats::add);
        if (d.labels() != null) {
            o.set("labels", json.readTree(d.labels()));
        }
        o.put("hidden", d.hidden());
        if (d.availableFrom() != null) {
            o.put("availableFrom", Instant.ofEpochMilli(d.availableFrom()).toString());
        }
        if (d.availableUntil() != null) {
            o.put("availableUntil", Instant.ofEpochMilli(d.availableUntil()).toString());
        }
        return o;
    }

    /**
     * RFC 7396 JSON merge patch: an object patch sets each member (null removes it, objects merge
     * recursively); any other patch replaces the target. Twenty lines, so no library for it (Jackson has
     * none; the known ones are built on Jackson 2).
     */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonMapper.builder().build().createObjectNode();
        for (Map.Entry<String, JsonNode> e : new ArrayList<>(patch.properties())) {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }
}
