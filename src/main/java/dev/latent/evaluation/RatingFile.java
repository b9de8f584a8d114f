package dev.latent.evaluation;

import dev.latent.model.IdMap;
import dev.latent.model.Ratings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads rating files of the common MovieLens layouts into dense-index {@link Ratings}:
 * <ul>
 *   <li>{@code u.data}, {@code u1.base}: {@code user<TAB>item<TAB>rating[<TAB>timestamp]};</li>
 *   <li>{@code ratings.csv}: {@code userId,movieId,rating,timestamp} with a header line, CRLF or LF;</li>
 *   <li>{@code ratings.dat}: {@code user::item::rating::timestamp}.</li>
 * </ul>
 * The separator is detected on each file's first data line ({@code ::}, tab, comma, else whitespace); a first
 * line whose rating field is not a number is taken as a header and skipped; blank lines are skipped. Columns
 * after the third are ignored. Raw ids are kept as strings and mapped to dense indices in order of first
 * appearance; pass the same {@link IdMap}s to read a train and a test file into one index space.
 * Lines are read with {@link BufferedReader#readLine()}, which drops a trailing {@code \r}.
 */
public final class RatingFile {

    private RatingFile() {
    }

    /** Reads {@code path} with fresh id maps. */
    public static Ratings read(Path path) {
        return read(path, new IdMap(), new IdMap());
    }

    /** Reads {@code path}, extending the given id maps (shared index space). */
    public static Ratings read(Path path, IdMap userIds, IdMap itemIds) {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(in, userIds, itemIds, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads lines from {@code in}; {@code source} names it in error messages. */
    public static Ratings read(BufferedReader in, IdMap userIds, IdMap itemIds, String source) throws IOException {
        int cap = 1 << 16;
        int[] users = new int[cap];
        int[] items = new int[cap];
        float[] ratings = new float[cap];
        int n = 0;
        String sep = null;
        String line;
        int lineNo = 0;
        String[] fields = new String[3];
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (sep == null) {
                sep = line.contains("::") ? "::" : line.indexOf('\t') >= 0 ? "\t" : line.indexOf(',') >= 0 ? "," : " ";
                if (!split(line, sep, fields) || !isNumber(fields[2])) {
                    continue; // header
                }
            } else if (!split(line, sep, fields)) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": expected user" + sep + "item" + sep
                        + "rating, got: " + line);
            }
            float r;
            try {
                r = Float.parseFloat(fields[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": rating is not a number: " + fields[2]);
            }
            if (n == cap) {
                cap = cap + (cap >> 1);
                users = Arrays.copyOf(users, cap);
                items = Arrays.copyOf(items, cap);
                ratings = Arrays.copyOf(ratings, cap);
            }
            users[n] = userIds.indexOrAdd(fields[0]);
            items[n] = itemIds.indexOrAdd(fields[1]);
            ratings[n] = r;
            n++;
        }
        return new Ratings(users, items, ratings, n, userIds, itemIds);
    }

    /** Splits the first three fields of {@code line} into {@code out}; false when there are fewer. */
    private static boolean split(String line, String sep, String[] out) {
        if (sep.equals(" ")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 3) {
                return false;
            }
            System.arraycopy(parts, 0, out, 0, 3);
            return true;
        }
        int start = 0;
        for (int f = 0; f < 3; f++) {
            int end = line.indexOf(sep, start);
            if (end < 0) {
                if (f < 2) {
                    return false;
                }
                end = line.length();
            }
            out[f] = line.substring(start, end).trim();
            start = end + sep.length();
        }
        return true;
    }

    private static boolean isNumber(String s) {
        try {
            Float.parseFloat(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
