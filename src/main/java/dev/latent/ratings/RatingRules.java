package dev.latent.ratings;

import dev.latent.web.Ids;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The value rules of API.md, shared by every write path and every controller: ids follow {@link Ids} (1 to 128
 * characters of {@code A-Z a-z 0-9 . _ : @ -}); a rating is a finite number within
 * {@code latent.ratings.min..max}; a timestamp is an ISO-8601 instant or epoch seconds. Each check returns null
 * when the value is fine, otherwise the message for the client (one text per rule on every endpoint).
 */
@Component
public class RatingRules {

    /** Epoch seconds of 9999-12-31T23:59:59Z: later values are typos (milliseconds sent as seconds). */
    private static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    private final double min;
    private final double max;

    public RatingRules(RatingsProperties properties) {
        this.min = properties.min();
        this.max = properties.max();
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** {@link Ids#check}: null for a valid id. */
    public String checkId(String id) {
        return Ids.check(id);
    }

    /** Null for a rating on the scale, else the one message every endpoint gives. */
    public String checkRating(double rating) {
        if (!Double.isFinite(rating)) {
            return "must be a finite number";
        }
        if (rating < min || rating > max) {
            return "must be between " + min + " and " + max + ", was " + rating;
        }
        return null;
    }

    /** Epoch seconds to epoch millis, or -1 when out of range. */
    public static long epochSecondsToMillis(long seconds) {
        return seconds < 0 || seconds > MAX_EPOCH_SECONDS ? -1 : seconds * 1000;
    }

    /**
     * A JSON timestamp (epoch seconds as an integral number, or an ISO-8601 instant as a string) to epoch millis.
     *
     * @return epoch millis, or -1 when the node is neither or out of range
     */
    public static long timestampMillis(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return epochSecondsToMillis(node.longValue());
        }
        return node.isString() ? parseTimestamp(node.stringValue()) : -1;
    }

    /**
     * Parses a CSV timestamp field: digits are epoch seconds, anything else an ISO-8601 instant.
     *
     * @return epoch millis, or -1 when the text is not a valid timestamp
     */
    public static long parseTimestamp(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        boolean digits = true;
        for (int i = 0; i < text.length() && digits; i++) {
            char c = text.charAt(i);
            digits = c >= '0' && c <= '9';
        }
        if (digits) {
            if (text.length() > 12) {
                return -1;
            }
            return epochSecondsToMillis(Long.parseLong(text));
        }
        try {
            long millis = Instant.parse(text).toEpochMilli();
            return millis < 0 || millis > MAX_EPOCH_SECONDS * 1000 ? -1 : millis;
        } catch (DateTimeParseException | ArithmeticException e) {
            return -1;
        }
    }

    public static final String TIMESTAMP_MESSAGE =
            "must be an ISO-8601 instant (2024-05-01T12:00:00Z) or epoch seconds between 0 and 253402300799";
}
