import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Benchmark helper, run as a single-file program: {@code java -cp <jdbc driver jars> bench/BenchTool.java ...}.
 *
 * <pre>
 * generate FILE N USERS ITEMS SEED   N unique (user,item) ratings "u17,i9,3.5,1650000000" in random order
 * ceiling URL USER PASSWORD CSV SQL  raw JDBC batch insert (10,000 a batch, one transaction) of the CSV's rows,
 *                                    sorted by (user key, item key), into a schema made by the migration SQL;
 *                                    prints "ceiling_rows_per_s=..." for the ratings table
 * </pre>
 */
public class BenchTool {

    /** Experiment switch: -Dcommit.each.batch=true commits every 10,000 rows (not what the service may do). */
    static final boolean COMMIT_EACH_BATCH = Boolean.getBoolean("commit.each.batch");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Long.parseLong(args[5]));
            case "ceiling" -> ceiling(args[1], args[2], args[3], Path.of(args[4]), Path.of(args[5]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void generate(Path file, int n, int users, int items, long seed) throws IOException {
        Random random = new Random(seed);
        Set<Long> seen = new HashSet<>(n * 2);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(48);
            while (seen.size() < n) {
                // mildly skewed: squares of uniforms favour low ids, like real popularity
                double a = random.nextDouble();
                double b = random.nextDouble();
                int u = (int) (a * a * users);
                int i = (int) (b * b * items);
                if (!seen.add(((long) u << 32) | i)) {
                    continue;
                }
                int halfSteps = 1 + random.nextInt(10);
                long ts = 1_577_836_800L + random.nextInt(157_766_400);
                line.setLength(0);
                line.append('u').append(u).append(",i").append(i).append(',').append(halfSteps / 2)
                        .append(halfSteps % 2 == 0 ? "" : ".5").append(',').append(ts).append('\n');
                out.append(line);
            }
        }
    }

    static void ceiling(String url, String user, String password, Path csv, Path sql) throws Exception {
        Map<String, Integer> userKeys = new HashMap<>();
        Map<String, Integer> itemKeys = new HashMap<>();
        int cap = 1 << 20;
        long[] keys = new long[cap];
        float[] ratings = new float[cap];
        long[] times = new long[cap];
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(line.contains("\t") ? "\t" : line.contains("::") ? "::" : ",");
                if (n == cap) {
                    cap *= 2;
                    keys = Arrays.copyOf(keys, cap);
                    ratings = Arrays.copyOf(ratings, cap);
                    times = Arrays.copyOf(times, cap);
                }
                int u = userKeys.computeIfAbsent(f[0], k -> userKeys.size() + 1);
                int i = itemKeys.computeIfAbsent(f[1], k -> itemKeys.size() + 1);
                keys[n] = ((long) u << 32) | i;
                ratings[n] = Float.parseFloat(f[2]);
                times[n] = f.length > 3 ? Long.parseLong(f[3]) * 1000 : 0;
                n++;
            }
        }
        // sort by (user key, item key) carrying the payload: sort index by key
        int[] order = new int[n];
        long[] sortKeys = Arrays.copyOf(keys, n);
        for (int r = 0; r < n; r++) {
            order[r] = r;
        }
        radix(sortKeys, order, n);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            try (Statement st = c.createStatement()) {
                for (String ddl : Files.readString(sql).replaceAll("(?m)--.*$", "").split(";")) {
                    if (!ddl.isBlank()) {
                        st.execute(ddl);
                    }
                }
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_key, external_id) VALUES (?, ?)")) {
                int b = 0;
                for (Map.Entry<String, Integer> e : userKeys.entrySet()) {
                    ps.setInt(1, e.getValue());
                    ps.setString(2, e.getKey());
                    ps.addBatch();
                    if (++b % 10_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (item_key, external_id) VALUES (?, ?)")) {
                int b = 0;
                for (Map.Entry<String, Integer> e : itemKeys.entrySet()) {
                    ps.setInt(1, e.getValue());
                    ps.setString(2, e.getKey());
                    ps.addBatch();
                    if (++b % 10_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            long t1 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ratings (user_key, item_key, rating, ts) VALUES (?, ?, ?, ?)")) {
                for (int k = 0; k < n; k++) {
                    int r = order[k];
                    ps.setInt(1, (int) (sortKeys[k] >>> 32));
                    ps.setInt(2, (int) sortKeys[k]);
                    ps.setFloat(3, ratings[r]);
                    ps.setLong(4, times[r]);
                    ps.addBatch();
                    if ((k + 1) % 10_000 == 0) {
                        ps.executeBatch();
                        if (COMMIT_EACH_BATCH) {
                            c.commit();
                        }
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            long t2 = System.nanoTime();
            System.out.printf("ceiling_rows=%d ceiling_seconds=%.3f ceiling_rows_per_s=%.0f ids_seconds=%.3f%n",
                    n, (t2 - t1) / 1e9, n / ((t2 - t1) / 1e9), (t1 - t0) / 1e9);
        }
    }

    static void radix(long[] keys, int[] order, int n) {
        long[] k2 = new long[n];
        int[] o2 = new int[n];
        int[] count = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) ((keys[i] >>> shift) & 0xFFFF)]++;
            }
            for (int d = 0, sum = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int pos = count[(int) ((keys[i] >>> shift) & 0xFFFF)]++;
                k2[pos] = keys[i];
                o2[pos] = order[i];
            }
            System.arraycopy(k2, 0, keys, 0, n);
            System.arraycopy(o2, 0, order, 0, n);
        }
    }
}
