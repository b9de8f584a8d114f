package dev.latent.ratings;

import dev.latent.web.InputTooLargeException;
import dev.latent.web.InvalidInputException;
import dev.latent.web.Violation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads {@code user,item,rating[,timestamp]} lines into a {@link RatingBatch}, validating every line before
 * anything is written. The separator (comma, tab or {@code ::}) is taken from the first line; a first line
 * whose rating column is a column name ({@code rating}, {@code score}, ...) is a header. Blank lines are
 * skipped. Bad lines are all counted; the first {@code maxErrors} are reported with their line numbers.
 * The whole stream is read even after errors, so a client still sending gets its 400, not a reset.
 */
final class CsvRatingParser {

    private static final Set<String> HEADER_NAMES =
            Set.of("rating", "ratings", "score", "value", "stars", "preference", "pref");

    private final RatingRules rules;
    private final int maxRows;
    private final int maxErrors;
    private final long defaultTimeMillis;
    private final int maxLineLength;
    private final long maxMemory;

    /**
     * @param maxLineLength longest logical line, in characters (413 beyond)
     * @param maxMemory     most bytes the parsed import may hold (rows and distinct ids, estimated; 413 beyond)
     */
    CsvRatingParser(RatingRules rules, int maxRows, int maxErrors, long defaultTimeMillis, int maxLineLength,
                    long maxMemory) {
        this.rules = rules;
        this.maxRows = maxRows;
        this.maxErrors = maxErrors;
        this.defaultTimeMillis = defaultTimeMillis;
        this.maxLineLength = maxLineLength;
        this.maxMemory = maxMemory;
    }

    RatingBatch parse(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new BoundedLineReader(
                new InputStreamReader(in, StandardCharsets.UTF_8), maxLineLength), 1 << 16);
        String delimiter = detectDelimiter(reader);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(false) // keeps record numbers equal to line numbers
                .setTrim(true)
                .get();
        RatingBatch batch = new RatingBatch(1 << 16);
        List<Violation> errors = new ArrayList<>();
        long errorCount = 0;
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord record : parser) {
                long line = record.getRecordNumber();
                int fields = record.size();
                if (fields == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                if (line == 1 && fields >= 3 && HEADER_NAMES.contains(record.get(2).toLowerCase())) {
                    continue;
                }
                String error = null;
                String field = null;
                String user = null;
                String item = null;
                double rating = 0;
                long time = defaultTimeMillis;
                if (fields < 3 || fields > 4) {
                    field = "line";
                    error = "expected user" + delimiter + "item" + delimiter + "rating[" + delimiter
                            + "timestamp], found " + fields + " field" + (fields == 1 ? "" : "s");
                } else {
                    user = record.get(0);
                    item = record.get(1);
                    if ((error = rules.checkId(user)) != null) {
                        field = "userId";
                    } else if ((error = rules.checkId(item)) != null) {
                        field = "itemId";
                    } else {
                        rating = parseNumber(record.get(2));
                        if (Double.isNaN(rating) && !"NaN".equals(record.get(2))) {
                            field = "rating";
                            error = "must be a number, was '" + clip(record.get(2)) + "'";
                        } else if ((error = rules.checkRating(rating)) != null) {
                            field = "rating";
                        } else if (fields == 4 && (time = RatingRules.parseTimestamp(record.get(3))) < 0) {
                            field = "timestamp";
                            error = RatingRules.TIMESTAMP_MESSAGE + ", was '" + clip(record.get(3)) + "'";
                        }
                    }
                }
                if (error != null) {
                    if (errorCount++ < maxErrors) {
                        errors.add(Violation.atLine(line, field, error));
                    }
                    continue;
                }
                if (batch.size() >= maxRows) {
                    throw new InvalidInputException("too many lines", List.of(Violation.atLine(line, "line",
                            "an import may hold at most " + maxRows + " ratings (latent.ratings.import-max-rows)")));
                }
                if (errorCount == 0) {
                    batch.add(user, item, (float) rating, time);
                    if (batch.estimatedBytes() > maxMemory) {
                        throw new InputTooLargeException("the import is too large to hold; nothing was imported",
                                Violation.atLine(line, "line", "the import needs more than " + (maxMemory >> 20)
                                        + " MiB at this line (latent.ratings.import-max-memory): split it"));
                    }
                }
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof CSVException malformed)) {
                throw e.getCause();
            }
            errorCount++;
            errors.add(Violation.field("body", "malformed CSV: " + malformed.getMessage()));
        }
        if (errorCount > 0) {
            throw new InvalidInputException(errorCount + " bad line" + (errorCount == 1 ? "" : "s")
                    + "; nothing was imported", errors, errorCount);
        }
        return batch;
    }

    /** Plain decimal numbers only: Double.parseDouble would also take "4.5f", "0x1p2" and "Infinity". */
    static double parseNumber(String text) {
        if (text.isEmpty() || text.length() > 32) {
            return Double.NaN;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String detectDelimiter(BufferedReader reader) throws IOException {
        reader.mark(1 << 20);
        String first;
        do {
            first = reader.readLine();
        } while (first != null && first.isBlank());
        try {
            reader.reset();
        } catch (IOException e) {
            throw new InvalidInputException("the first line is too long", List.of(
                    Violation.atLine(1, "line", "the first lines must be shorter than 1 MiB")));
        }
        if (first == null) {
            return ",";
        }
        if (first.contains("::")) {
            return "::";
        }
        return first.indexOf('\t') >= 0 ? "\t" : ",";
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
