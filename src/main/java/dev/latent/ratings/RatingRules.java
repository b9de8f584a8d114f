package dev.latent.ratings;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;

/**
 * The value rules of API.md, shared by every write path: ids are 1 to 128 characters of
 * {@code A-Z a-z 0-9 . _ : @ -}; a rating is a finite number within {@code latent.ratings.min..max};
 * a timestamp is an ISO-8601 instant or epoch seconds. Each check returns null when the value is fine,
 * otherwise the message for the client.
 */
@Component
public class RatingRules {

    public static final int MAX_ID_LENGTH = 128;
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

    public String checkId(String id) {
        if (id == null || id.isEmpty()) {
            return "must not be empty";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "must be at most 128 characters, was " + id.length();
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
            if (!ok) {
                return "may contain only A-Z a-z 0-9 . _ : @ - (bad character at position " + (i + 1) + ")";
            }
        }
        return null;
    }

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
