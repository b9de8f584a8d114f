package dev.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliRankingModelTest {

    @TempDir
    Path dir;

    private int run(ByteArrayOutputStream out, String... args) throws Exception {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void modelBothReportsTheRatingModelTheRankingModelAndPopularityOnOneSplit() throws Exception {
        Path data = dir.resolve("synthetic.tsv");
        assertEquals(0, run(new ByteArrayOutputStream(), "generate", "--users", "200", "--items", "150",
                "--ratings", "6000", "--rank", "4", "--seed", "5", "--out", data.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, "evaluate", "--data", data.toString(), "--model", "both", "--rank", "4",
                "--iterations", "3", "--ranking-rank", "4", "--ranking-iterations", "3", "--alpha", "2",
                "--confidence", "shifted", "--shift", "3"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("rating model") && text.contains("ranking model") && text.contains("popularity"),
                text);
        String summary = text.lines().filter(l -> l.startsWith("summary ")).findFirst().orElseThrow();
        for (String key : new String[] {" rmse=", " ndcg@10=", " ranking_ndcg@10=", " ranking_precision@10=",
                " ranking_recall@10=", " pop_ndcg@10=", " pop_precision@10=", " pop_recall@10=", " ranking_train_s=",
                " model=both"}) {
            assertTrue(summary.contains(key), key + " in " + summary);
        }

        ByteArrayOutputStream only = new ByteArrayOutputStream();
        assertEquals(0, run(only, "evaluate", "--data", data.toString(), "--model", "ranking",
                "--ranking-iterations", "2"));
        String onlyText = only.toString(StandardCharsets.UTF_8);
        assertTrue(onlyText.contains("ranking model") && !onlyText.contains("rating model"), onlyText);

        assertEquals(2, run(new ByteArrayOutputStream(), "evaluate", "--data", data.toString(), "--model", "bogus"));
        assertEquals(2, run(new ByteArrayOutputStream(), "evaluate", "--data", data.toString(), "--model", "both",
                "--no-ranking"));
    }

    /** tune: one line for popularity, then one per grid point, each with its NDCG ratio to popularity. */
    @Test
    void tuneTrainsEveryCombinationOfTheGridWithTheEvaluateFlags() throws Exception {
        Path data = dir.resolve("synthetic.tsv");
        assertEquals(0, run(new ByteArrayOutputStream(), "generate", "--users", "200", "--items", "150",
                "--ratings", "6000", "--rank", "4", "--seed", "5", "--out", data.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, "tune", "--data", data.toString(), "--ranking-rank", "4",
                "--ranking-lambda", "1,10", "--confidence", "linear,shifted", "--ranking-iterations", "2"));
        java.util.List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("popularity "), lines.get(0));
        assertTrue(lines.get(1).startsWith("ranking rank=4 lambda=1.0 LINEAR "), lines.get(1));
        assertTrue(lines.get(4).startsWith("ranking rank=4 lambda=10.0 SHIFTED "), lines.get(4));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(" ratio=") && l.contains("ndcg@10=")), lines.get(1));
        assertEquals(2, run(new ByteArrayOutputStream(), "tune", "--data", data.toString(), "--rank", "4"),
                "tune takes the evaluate command's ranking flags only");
    }
}
