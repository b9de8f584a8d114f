package dev.latent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code movielens-items} over tiny fixtures in both MovieLens formats. */
class MovieLensItemsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private List<JsonNode> run(Path file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"movielens-items", "--file", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
    }

    @Test
    void uItemIsLatin1WithNineteenGenreFlags() throws Exception {
        Path file = dir.resolve("u.item");
        String flags = "|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0";
        Files.write(file, ("1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)" + flags
                + "\n2|Café au lait (Métisse) (1993)|01-Jan-1993||" + "|1|0|0|0|0|0|0|0|1|0|1|0|0|0|0|0|0|0|0" + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        List<JsonNode> items = run(file);
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("itemId").stringValue()).isEqualTo("1");
        assertThat(items.get(0).get("categories").toString()).isEqualTo("[\"Animation\",\"Childrens\",\"Comedy\"]");
        assertThat(items.get(0).get("labels").get("title").stringValue()).isEqualTo("Toy Story (1995)");
        assertThat(items.get(0).get("labels").get("year").intValue()).isEqualTo(1995);
        assertThat(items.get(0).get("labels").get("url").stringValue()).startsWith("http://us.imdb.com/");
        assertThat(items.get(1).get("labels").get("title").stringValue()).isEqualTo("Café au lait (Métisse) (1993)");
        assertThat(items.get(1).get("categories").toString()).as("'unknown' is no category")
                .isEqualTo("[\"Drama\",\"Film-Noir\"]");
    }

    @Test
    void moviesCsvHasQuotedTitlesAndPipeSeparatedGenres() throws Exception {
        Path file = dir.resolve("movies.csv");
        Files.writeString(file, "movieId,title,genres\n11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                + "99,Untitled,(no genres listed)\n");
        List<JsonNode> items = run(file);
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("itemId").stringValue()).isEqualTo("11");
        assertThat(items.get(0).get("labels").get("title").stringValue()).isEqualTo("American President, The (1995)");
        assertThat(items.get(0).get("categories").size()).isEqualTo(3);
        assertThat(items.get(1).get("categories").size()).isZero();
        assertThat(items.get(1).get("labels").has("year")).isFalse();
    }
}
