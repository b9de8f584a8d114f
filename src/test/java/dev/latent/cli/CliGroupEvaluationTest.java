package dev.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.factorization.GroupAggregation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate-groups: a table a group size and one summary line per size and aggregation. */
class CliGroupEvaluationTest {

    @TempDir
    Path dir;

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) throws Exception {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void reportsEveryAggregationAgainstTheMembersOwnListsForEverySize() throws Exception {
        Path data = dir.resolve("synthetic.tsv");
        assertEquals(0, run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "generate", "--users", "150",
                "--items", "120", "--ratings", "5000", "--rank", "4", "--seed", "5", "--out", data.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "evaluate-groups", "--data", data.toString(),
                "--sizes", "2,3", "--groups", "20", "--ranking-rank", "4", "--ranking-iterations", "3",
                "--threads", "1"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("== groups of 2") && text.contains("== groups of 3")
                && text.contains("members' own lists") && text.contains("own, group's candidates"), text);
        for (String size : new String[] {"2", "3"}) {
            for (GroupAggregation a : GroupAggregation.values()) {
                String prefix = "summary size=" + size + " aggregation=" + a.wire() + " ndcg@10=";
                assertEquals(1, text.lines().filter(l -> l.startsWith(prefix)).count(), prefix + " in " + text);
            }
        }

        ByteArrayOutputStream one = new ByteArrayOutputStream();
        assertEquals(0, run(one, new ByteArrayOutputStream(), "evaluate-groups", "--data", data.toString(),
                "--sizes", "2", "--groups", "5", "--aggregations", "borda,mean", "--ranking-rank", "4",
                "--ranking-iterations", "2", "--threads", "1"));
        assertEquals(2, one.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("summary ")).count());

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "evaluate-groups", "--data", data.toString(),
                "--aggregations", "median"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("aggregation must be one of mean"), err.toString());
        assertEquals(2, run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "evaluate-groups"));
    }
}
