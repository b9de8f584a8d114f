package dev.latent.ratings;

import dev.latent.web.InvalidInputException;
import dev.latent.web.Violation;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Turns JSON rating bodies into a validated {@link RatingBatch}, naming each bad field (and batch index). */
final class JsonRatingReader {

    private final RatingRules rules;
    private final long nowMillis;

    JsonRatingReader(RatingRules rules, long nowMillis) {
        this.rules = rules;
        this.nowMillis = nowMillis;
    }

    /** Reads one rating for ids from the path; throws {@link InvalidInputException} listing every problem. */
    RatingBatch one(String userId, String itemId, RatingValue value) {
        List<Violation> errors = new ArrayList<>();
        check(errors, null, "userId", rules.checkId(userId));
        check(errors, null, "itemId", rules.checkId(itemId));
        if (value == null) {
            errors.add(Violation.field("body", "must be a JSON object with a rating"));
            throw new InvalidInputException("invalid rating", errors);
        }
        double rating = rating(errors, null, value.rating());
        long time = time(errors, null, value.timestamp());
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid rating", errors);
        }
        RatingBatch batch = new RatingBatch(1);
        batch.add(userId, itemId, (float) rating, time);
        return batch;
    }

    /** Reads events; {@code indexed} names errors by element index (batch) rather than by field alone. */
    RatingBatch events(List<RatingEvent> events, boolean indexed) {
        List<Violation> errors = new ArrayList<>();
        RatingBatch batch = new RatingBatch(events.size());
        for (int i = 0; i < events.size(); i++) {
            Integer index = indexed ? i : null;
            RatingEvent e = events.get(i);
            if (e == null) {
                errors.add(new Violation(null, index, null, "must be a JSON object, was null"));
                continue;
            }
            int before = errors.size();
            String user = id(errors, index, "userId", e.userId());
            String item = id(errors, index, "itemId", e.itemId());
            double rating = rating(errors, index, e.rating());
            long time = time(errors, index, e.timestamp());
            if (errors.size() == before) {
                batch.add(user, item, (float) rating, time);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(indexed
                    ? errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + " in the batch; nothing was stored"
                    : "invalid rating", errors);
        }
        return batch;
    }

    private String id(List<Violation> errors, Integer index, String field, JsonNode node) {
        if (node == null || node.isNull()) {
            errors.add(new Violation(field, index, null, "is required"));
            return null;
        }
        if (!node.isString()) {
            errors.add(new Violation(field, index, null, "must be a string"));
            return null;
        }
        String id = node.stringValue();
        check(errors, index, field, rules.checkId(id));
        return id;
    }

    private double rating(List<Violation> errors, Integer index, JsonNode node) {
        if (node == null || node.isNull()) {
            errors.add(new Violation("rating", index, null, "is required"));
            return Double.NaN;
        }
        if (!node.isNumber()) {
            errors.add(new Violation("rating", index, null, "must be a number, was " + node.getNodeType()
                    .name().toLowerCase()));
            return Double.NaN;
        }
        double rating = node.doubleValue();
        check(errors, index, "rating", rules.checkRating(rating));
        return rating;
    }

    private long time(List<Violation> errors, Integer index, JsonNode node) {
        if (node == null || node.isNull()) {
            return nowMillis;
        }
        long millis = RatingRules.timestampMillis(node);
        if (millis < 0) {
            errors.add(new Violation("timestamp", index, null, RatingRules.TIMESTAMP_MESSAGE));
        }
        return millis;
    }

    private static void check(List<Violation> errors, Integer index, String field, String message) {
        if (message != null) {
            errors.add(new Violation(field, index, null, message));
        }
    }
}
