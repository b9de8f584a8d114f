package dev.latent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns MovieLens item metadata into catalogue NDJSON (one {@code POST /items/import} line per movie):
 * genres become categories, the title a {@code title} label, the year (from the title) a {@code year} label.
 * Reads ML-100K {@code u.item} (ISO-8859-1, {@code |}-separated, 19 genre flags in {@code u.genre} order)
 * and ml-latest-small / ml-25m {@code movies.csv} (UTF-8 CSV, genres {@code |}-separated). Genre names are
 * made into valid ids: {@code Children's} becomes {@code Childrens}; "(no genres listed)" is no category.
 */
final class MovieLensItems {

    /** The genres of u.item's flag columns, in order (ML-100K u.genre). */
    static final String[] ML100K_GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
            "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance",
            "Sci-Fi", "Thriller", "War", "Western"};
    private static final Pattern YEAR = Pattern.compile("\\((\\d{4})\\)\\s*$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MovieLensItems() {
    }

    /** Converts {@code in} ({@code u.item} or {@code movies.csv}, told apart by name) and returns the line count. */
    static int convert(Path in, Writer out) throws IOException {
        boolean csv = in.getFileName().toString().endsWith(".csv");
        Charset charset = csv ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        try (Reader r = Files.newBufferedReader(in, charset)) {
            return csv ? moviesCsv(r, out) : uItem(new BufferedReader(r), out);
        }
    }

    static int uItem(BufferedReader in, Writer out) throws IOException {
        int n = 0;
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length < 5 + ML100K_GENRES.length) {
                throw new IllegalArgumentException("u.item line " + number + " has " + f.length
                        + " fields, expected " + (5 + ML100K_GENRES.length));
            }
            List<String> genres = new ArrayList<>();
            for (int g = 0; g < ML100K_GENRES.length; g++) {
                if ("1".equals(f[5 + g].trim()) && g > 0) {
                    genres.add(ML100K_GENRES[g]);
                }
            }
            write(out, f[0].trim(), f[1].trim(), genres, f[4].trim());
            n++;
        }
        return n;
    }

    static int moviesCsv(Reader in, Writer out) throws IOException {
        int n = 0;
        for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            List<String> genres = new ArrayList<>();
            for (String g : rec.get("genres").split("\\|")) {
                if (!g.isBlank() && !g.startsWith("(")) {
                    genres.add(g.trim());
                }
            }
            write(out, rec.get("movieId").trim(), rec.get("title").trim(), genres, null);
            n++;
        }
        return n;
    }

    private static void write(Writer out, String id, String title, List<String> genres, String url) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("itemId", id);
        var categories = o.putArray("categories");
        genres.stream().map(MovieLensItems::categoryId).distinct().forEach(categories::add);
        ObjectNode labels = o.putObject("labels");
        labels.put("title", title);
        Matcher year = YEAR.matcher(title);
        if (year.find()) {
            labels.put("year", Integer.parseInt(year.group(1)));
        }
        if (url != null && !url.isEmpty()) {
            labels.put("url", url);
        }
        out.write(JSON.writeValueAsString(o));
        out.write('\n');
    }

    /** A genre name as a category id: letters, digits and {@code . _ : @ -} kept, spaces to '-', the rest dropped. */
    static String categoryId(String genre) {
        StringBuilder b = new StringBuilder(genre.length());
        for (char c : genre.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ".:_@-".indexOf(c) >= 0) {
                b.append(c);
            } else if (c == ' ') {
                b.append('-');
            }
        }
        return b.toString();
    }
}
