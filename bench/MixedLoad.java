import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mixed write load with exact bookkeeping, for bench/reliability.sh (JDK only: java bench/MixedLoad.java ...).
 *
 * <pre>
 * load   BASE THREADS SECONDS STATE   PUT / POST / batch of 20 / DELETE of one rating, each thread on users of its
 *                                     own; every acknowledged (2xx) outcome is the expected state of its pair;
 *                                     a pair whose last request got no answer (timeout, reset) is "uncertain"
 * verify BASE STATE                   reads every user's ratings back and counts lost (acknowledged, missing or
 *                                     different) and resurrected (acknowledged delete, present again) pairs
 * </pre>
 */
public class MixedLoad {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern RATING = Pattern.compile("\"itemId\":\"([^\"]+)\",\"rating\":([0-9.]+)");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            case "verify" -> verify(args[1], Path.of(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void load(String base, int threads, int seconds, Path state) throws Exception {
        Map<String, String> expected = new ConcurrentHashMap<>(); // "user item" -> rating, "-" deleted, "?" uncertain
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong unanswered = new AtomicLong();
        AtomicLong serverErrors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                Random random = new Random(thread);
                while (System.nanoTime() < end) {
                    String user = "m" + thread + "_" + random.nextInt(50);
                    int op = random.nextInt(10);
                    Map<String, String> outcome = new HashMap<>();
                    HttpRequest request;
                    if (op < 4) {
                        String item = "x" + random.nextInt(300);
                        String rating = String.valueOf(1 + random.nextInt(9) / 2.0);
                        outcome.put(user + " " + item, rating);
                        request = json("PUT", base + "/api/v1/users/" + user + "/ratings/" + item, "{\"rating\":" + rating + "}");
                    } else if (op < 6) {
                        String item = "x" + random.nextInt(300);
                        String rating = String.valueOf(1 + random.nextInt(9) / 2.0);
                        outcome.put(user + " " + item, rating);
                        request = json("POST", base + "/api/v1/ratings", "{\"userId\":\"" + user + "\",\"itemId\":\"" + item
                                + "\",\"rating\":" + rating + "}");
                    } else if (op < 8) {
                        StringBuilder batch = new StringBuilder("[");
                        for (int k = 0; k < 20; k++) {
                            String item = "x" + random.nextInt(300);
                            String rating = String.valueOf(1 + random.nextInt(9) / 2.0);
                            outcome.put(user + " " + item, rating); // the last of a repeated pair wins, as in the API
                            batch.append(k == 0 ? "" : ",").append("{\"userId\":\"").append(user).append("\",\"itemId\":\"")
                                    .append(item).append("\",\"rating\":").append(rating).append('}');
                        }
                        request = json("POST", base + "/api/v1/ratings/batch", batch.append(']').toString());
                    } else {
                        String item = "x" + random.nextInt(300);
                        outcome.put(user + " " + item, "-");
                        request = HttpRequest.newBuilder(URI.create(base + "/api/v1/users/" + user + "/ratings/" + item))
                                .timeout(Duration.ofSeconds(60)).DELETE().build();
                    }
                    try {
                        int status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status / 100 == 2 || (status == 404 && op >= 8)) {
                            expected.putAll(outcome); // a 404 delete: the pair is absent, as expected
                            acknowledged.incrementAndGet();
                        } else {
                            refused.incrementAndGet(); // nothing stored, by contract
                            if (status >= 500) {
                                serverErrors.incrementAndGet();
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        outcome.keySet().forEach(k -> expected.put(k, "?"));
                        unanswered.incrementAndGet();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        List<String> lines = new ArrayList<>();
        expected.forEach((k, v) -> lines.add(k + " " + v));
        Files.write(state, lines);
        System.out.printf("mixed load: %d s, %d threads: %d acknowledged requests, %d refused (%d of them 5xx), "
                + "%d unanswered; %d pairs to verify%n", seconds, threads, acknowledged.get(), refused.get(),
                serverErrors.get(), unanswered.get(), expected.size());
    }

    static void verify(String base, Path state) throws Exception {
        Map<String, Map<String, String>> byUser = new HashMap<>();
        for (String line : Files.readAllLines(state)) {
            String[] f = line.split(" ");
            byUser.computeIfAbsent(f[0], u -> new HashMap<>()).put(f[1], f[2]);
        }
        long checked = 0;
        long lost = 0;
        long resurrected = 0;
        long uncertain = 0;
        for (Map.Entry<String, Map<String, String>> e : byUser.entrySet()) {
            Map<String, String> stored = new HashMap<>();
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/users/" + e.getKey()
                    + "/ratings?size=1000")).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                Matcher m = RATING.matcher(r.body());
                while (m.find()) {
                    stored.put(m.group(1), m.group(2));
                }
            } else if (r.statusCode() != 404) {
                throw new IllegalStateException("reading " + e.getKey() + ": " + r.statusCode() + " " + r.body());
            }
            for (Map.Entry<String, String> pair : e.getValue().entrySet()) {
                String want = pair.getValue();
                String have = stored.get(pair.getKey());
                if (want.equals("?")) {
                    uncertain++;
                    continue;
                }
                checked++;
                if (want.equals("-")) {
                    if (have != null) {
                        resurrected++;
                    }
                } else if (have == null || Double.parseDouble(have) != Double.parseDouble(want)) {
                    lost++;
                }
            }
        }
        System.out.printf("verified %d acknowledged pairs after kill -9 and restart: %d lost, %d resurrected "
                + "(%d uncertain left out)%n", checked, lost, resurrected, uncertain);
        if (lost > 0 || resurrected > 0) {
            System.exit(1);
        }
    }

    private static HttpRequest json(String method, String uri, String body) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
