package dev.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    private String run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, String> summary(String out) {
        String line = out.lines().filter(l -> l.startsWith("summary ")).reduce((a, b) -> b).orElseThrow();
        Map<String, String> kv = new HashMap<>();
        for (String part : line.substring(8).split(" ")) {
            int eq = part.indexOf('=');
            kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return kv;
    }

    @Test
    void generatesASyntheticFileAndEvaluatesAlsAndSgdOnARandomSplitWithBaselines() throws Exception {
        Path data = dir.resolve("synthetic.tsv");
        String gen = run("generate", "--users", "300", "--items", "200", "--ratings", "12000", "--rank", "4",
                "--seed", "3", "--out", data.toString());
        assertTrue(gen.contains("wrote 12000 ratings"), gen);
        assertEquals(12000, Files.readAllLines(data).size());

        String out = run("evaluate", "--data", data.toString(), "--test-fraction", "0.1", "--seed", "42",
                "--rank", "8", "--iterations", "5", "--threads", "2");
        assertTrue(out.contains("iteration   5"), out);
        assertTrue(out.contains("popularity"), out);
        assertTrue(out.contains("peak heap"), out);
        Map<String, String> kv = summary(out);
        for (String key : new String[] {"rmse", "mae", "ndcg@10", "train_s", "pop_ndcg@10", "bias_rmse"}) {
            assertTrue(kv.containsKey(key), key + " in " + kv);
        }
        double rmse = Double.parseDouble(kv.get("rmse"));
        assertTrue(rmse < Double.parseDouble(kv.get("mean_rmse")), "the model beats the global mean: " + kv);

        Map<String, String> sgd = summary(run("evaluate", "--data", data.toString(), "--algorithm", "sgd",
                "--rank", "8", "--iterations", "10", "--lr", "0.01", "--folds", "2", "--k", "5"));
        assertEquals("2", sgd.get("splits"));
        assertTrue(sgd.containsKey("ndcg@5"));
    }

    @Test
    void evaluatesGivenTrainAndTestFilesAndRejectsUnknownFlags() throws Exception {
        Path train = dir.resolve("u1.base");
        Path test = dir.resolve("u1.test");
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int u = 1; u <= 20; u++) {
            for (int i = 1; i <= 15; i++) {
                String line = u + "\t" + i + "\t" + (1 + (u * i) % 5) + "\t0\n";
                ((u + i) % 4 == 0 ? b : a).append(line);
            }
        }
        Files.writeString(train, a);
        Files.writeString(test, b);
        Map<String, String> kv = summary(run("evaluate", "--train", train.toString(), "--test", test.toString(),
                "--rank", "3", "--iterations", "3", "--no-ranking"));
        assertTrue(Double.parseDouble(kv.get("rmse")) > 0);

        int code = Cli.run(new String[] {"evaluate", "--bogus", "1"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, code);
    }
}
